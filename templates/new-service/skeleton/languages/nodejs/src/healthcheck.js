// Docker HEALTHCHECK: the image has no curl or wget.
const port = Number(process.env.PORT ?? ${{ values.port }});
fetch(`http://127.0.0.1:${port}/health`)
  .then(res => process.exit(res.ok ? 0 : 1))
  .catch(() => process.exit(1));

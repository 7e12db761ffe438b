// Connects once to PostgreSQL and exits 0, or prints why not in one line and exits 1.
// Usage: node pg-ping.js HOST PORT USER   (password from POSTGRES_PASSWORD)
const { Client } = require('pg');

const [host, port, user] = process.argv.slice(2);
const client = new Client({
  host,
  port: Number(port),
  user,
  password: process.env.POSTGRES_PASSWORD || undefined,
  database: 'postgres',
  connectionTimeoutMillis: Number(process.env.PGCONNECT_TIMEOUT || 5) * 1000,
});

const reasons = {
  ECONNREFUSED: 'nothing listens on that port',
  ENOTFOUND: 'the host name does not resolve',
  EHOSTUNREACH: 'the host cannot be reached',
  ETIMEDOUT: 'the connection timed out',
  '28P01': 'the password was refused',
  28000: 'the server refused this user (pg_hba.conf)',
  '3D000': 'the postgres database does not exist',
};

client
  .connect()
  .then(() => client.query('select 1'))
  .then(() => client.end())
  .then(() => process.exit(0))
  .catch(error => {
    const code =
      error.code || (/timeout/i.test(error.message) ? 'ETIMEDOUT' : '');
    console.error(reasons[code] ? `${reasons[code]} (${code})` : error.message);
    process.exit(1);
  });

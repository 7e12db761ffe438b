package service.${{ values.name | replace("-", "") }};

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/** HTTP server of ${{ values.name }}: /health (liveness) and /ready (readiness). */
public final class Main {
  private final HttpServer server;
  private final AtomicBoolean ready = new AtomicBoolean(false);

  public Main(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public void setReady(boolean value) {
    ready.set(value);
  }

  public void start() {
    server.start();
  }

  public void stop() {
    // Leave the Service first, then give in-flight requests time to finish.
    ready.set(false);
    server.stop(25);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!"GET".equals(exchange.getRequestMethod())) {
      send(exchange, 405, "{\"error\":\"method not allowed\"}");
    } else if ("/health".equals(path)) {
      send(exchange, 200, "{\"status\":\"ok\"}");
    } else if ("/ready".equals(path)) {
      if (ready.get()) {
        send(exchange, 200, "{\"status\":\"ready\"}");
      } else {
        send(exchange, 503, "{\"status\":\"not ready\"}");
      }
    } else if ("/".equals(path)) {
      send(exchange, 200, "{\"service\":\"${{ values.name }}\"}");
    } else {
      send(exchange, 404, "{\"error\":\"not found\"}");
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "${{ values.port }}"));
    Main main = new Main(port);
    Runtime.getRuntime().addShutdownHook(new Thread(main::stop));
    main.start();
    main.setReady(true);
    System.out.println("{\"msg\":\"listening\",\"port\":" + port + "}");
  }
}

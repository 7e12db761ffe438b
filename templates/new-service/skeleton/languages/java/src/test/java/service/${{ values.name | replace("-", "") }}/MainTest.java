package service.${{ values.name | replace("-", "") }};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MainTest {
  private Main main;

  @BeforeEach
  void start() throws Exception {
    main = new Main(0);
    main.start();
  }

  @AfterEach
  void stop() {
    main.stop();
  }

  private int get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + main.port() + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void healthAnswersWhileTheProcessRuns() throws Exception {
    assertEquals(200, get("/health"));
  }

  @Test
  void readyFollowsTheReadinessState() throws Exception {
    assertEquals(503, get("/ready"));
    main.setReady(true);
    assertEquals(200, get("/ready"));
  }

  @Test
  void unknownPathsAre404() throws Exception {
    assertEquals(404, get("/nope"));
  }
}

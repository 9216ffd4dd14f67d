package petstore.app.http;

import io.javalin.router.JavalinDefaultRoutingApi;

/** One feature's routes; the composition root hands each feature's endpoints to the server. */
@FunctionalInterface
public interface Endpoints {
  void register(JavalinDefaultRoutingApi routes);
}

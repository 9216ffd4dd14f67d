package petstore.app;

import eventkernel.messaging.Bus;
import eventkernel.kafka.KafkaBus;
import eventkernel.messaging.InProcessBus;
import eventkernel.rabbitmq.RabbitBus;
import eventkernel.sql.Database;
import java.time.Clock;
import java.time.Duration;
import petstore.app.config.Config;
import tools.jackson.databind.json.JsonMapper;

/** The bus the configuration names: in-process (default), RabbitMQ or Kafka. */
final class Buses {
  private Buses() {}

  static Bus open(Config config, Database database, JsonMapper mapper, Clock clock) {
    String bus = config.bus();
    if (bus.equals("inprocess")) return new InProcessBus(database, mapper, clock, Duration.ofSeconds(1));
    if (bus.startsWith("amqp://")) return rabbit(bus, mapper, clock);
    if (bus.startsWith("kafka://")) return KafkaBus.fromUri(bus, mapper, clock);
    throw new IllegalArgumentException("this build has no bus for " + bus);
  }

  /**
   * {@code amqp://user:pass@host:port[/vhost][?exchange=…&prefix=…&prefetch=…]}: the query picks another
   * exchange or a queue-name prefix, so two PetStores can share one broker apart.
   */
  private static Bus rabbit(String uri, JsonMapper mapper, Clock clock) {
    String exchange = RabbitBus.DEFAULT_EXCHANGE;
    String prefix = "";
    int prefetch = RabbitBus.DEFAULT_PREFETCH;
    int q = uri.indexOf('?');
    String address = q < 0 ? uri : uri.substring(0, q);
    if (q >= 0) {
      for (String pair : uri.substring(q + 1).split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length != 2) continue;
        switch (kv[0]) {
          case "exchange" -> exchange = kv[1];
          case "prefix" -> prefix = kv[1];
          case "prefetch" -> prefetch = Integer.parseInt(kv[1]);
          default -> throw new IllegalArgumentException("unknown amqp:// option " + kv[0] + " (exchange, prefix, prefetch)");
        }
      }
    }
    return new RabbitBus(address, exchange, prefix, prefetch, mapper, clock);
  }
}

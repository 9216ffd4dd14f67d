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
    if (bus.startsWith("amqp://")) return new RabbitBus(bus, mapper, clock);
    if (bus.startsWith("kafka://")) return KafkaBus.fromUri(bus, mapper, clock);
    throw new IllegalArgumentException("this build has no bus for " + bus);
  }
}

package eventkernel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eventkernel.kafka.KafkaBus.Address;
import org.junit.jupiter.api.Test;

class KafkaAddressTest {
  @Test
  void a_bare_address_means_the_pet_events_topic_on_six_partitions() {
    assertThat(Address.parse("kafka://127.0.0.1:9092")).isEqualTo(new Address("127.0.0.1:9092", "pet-events", 6));
  }

  @Test
  void an_address_can_name_several_brokers_a_topic_and_its_partitions() {
    assertThat(Address.parse("kafka://a:9092,b:9092/?topic=shelter-events&partitions=12"))
        .isEqualTo(new Address("a:9092,b:9092", "shelter-events", 12));
  }

  @Test
  void an_address_with_an_unknown_setting_or_no_broker_is_refused() {
    assertThatThrownBy(() -> Address.parse("kafka://a:9092?acks=1")).hasMessageContaining("unknown setting acks");
    assertThatThrownBy(() -> Address.parse("kafka://")).hasMessageContaining("no broker");
    assertThatThrownBy(() -> Address.parse("amqp://a:5672")).hasMessageContaining("not a kafka:// address");
  }
}

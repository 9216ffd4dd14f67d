package bench;

import eventkernel.messaging.Message;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import petstore.app.codec.PetStoreJson;
import petstore.app.contract.AsyncApiContract;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What invariant 7 costs per message: the relay and every consumer validate each message against the
 * AsyncAPI document. One pet.adopted, as PublicMessages builds it, through AsyncApiContract.problems.
 * SampleTime, so the report has percentiles; the target is p99 ≤ 2 µs.
 *
 *   bench/run ContractValidationBench
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class ContractValidationBench {
  private AsyncApiContract contract;
  private Message petAdopted;

  @Setup
  public void setUp() {
    JsonMapper mapper = new PetStoreJson().mapper();
    contract = AsyncApiContract.load(mapper);
    ObjectNode data = mapper.createObjectNode()
        .put("timestamp", "2026-03-13T10:00:00.123456Z")
        .put("adoptionId", UUID.randomUUID().toString())
        .put("petId", UUID.randomUUID().toString())
        .put("customerId", UUID.randomUUID().toString())
        .put("shelterId", UUID.randomUUID().toString());
    petAdopted = new Message("pet.adopted", UUID.randomUUID(), Instant.parse("2026-03-13T10:00:00.123456Z"), "key", data, 1);
    List<String> problems = contract.problems(petAdopted);
    if (!problems.isEmpty()) throw new IllegalStateException("the benchmark's message breaks the contract: " + problems);
  }

  @Benchmark
  public List<String> validatePetAdopted() {
    return contract.problems(petAdopted);
  }
}

package bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fan-out of one PetStore's live stream: N Server-Sent-Events clients on one NIO selector, then E
 * events appended one at a time (pets registered over HTTP), each awaited until every client has it.
 * Latency per (client, event) = the client's receipt minus the event's own timestamp (the store's
 * recordedAt, same machine, same wall clock); also minus the moment the POST returned.
 *
 * <pre>java -cp bench/target/classes bench.SseFanOutBench --url http://127.0.0.1:8080 --clients 10000 --events 20 --server-pid 1234</pre>
 *
 * Runs alone in its process so that the PetStore's memory is the PetStore's: see bench/sse-fanout.
 */
public final class SseFanOutBench {
  private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    URI base = URI.create(opts.getOrDefault("url", "http://127.0.0.1:8080"));
    int clients = Integer.parseInt(opts.getOrDefault("clients", "10000"));
    int events = Integer.parseInt(opts.getOrDefault("events", "20"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5"));
    long pauseMs = Long.parseLong(opts.getOrDefault("pause-ms", "300"));
    int connectBatch = Integer.parseInt(opts.getOrDefault("connect-batch", "200"));
    long serverPid = Long.parseLong(opts.getOrDefault("server-pid", "0"));
    SseFanOutBench bench = new SseFanOutBench(base, clients, connectBatch, serverPid);
    bench.nativeMemory = opts.containsKey("native-memory");
    bench.run(warmup, events, pauseMs);
  }

  private final URI base;
  private final int clients;
  private final int connectBatch;
  private final long serverPid;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Selector selector;
  private final List<Client> all = new ArrayList<>();
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  /** Per log position: each client's latency in µs from the event's timestamp, and the receipt times. */
  private final Map<Long, Receipts> receipts = new ConcurrentHashMap<>();
  private final Map<Long, Long> timestamps = new java.util.HashMap<>();
  private final long wall0 = toMicros(Instant.now());
  private final long nano0 = System.nanoTime();
  private volatile boolean stopping;
  /** Whether to print the server's native memory summary (it must run with -XX:NativeMemoryTracking=summary). */
  private boolean nativeMemory;

  private SseFanOutBench(URI base, int clients, int connectBatch, long serverPid) throws IOException {
    this.base = base;
    this.clients = clients;
    this.connectBatch = connectBatch;
    this.serverPid = serverPid;
    this.selector = Selector.open();
  }

  /** Receipts of one event: appended by the selector thread only. */
  static final class Receipts {
    final long[] fromTimestampMicros;
    final long[] receivedAtMicros;
    final AtomicInteger count = new AtomicInteger();

    Receipts(int clients) {
      fromTimestampMicros = new long[clients];
      receivedAtMicros = new long[clients];
    }

    void add(long latencyMicros, long receivedAt) {
      int i = count.get();
      if (i >= fromTimestampMicros.length) return;
      fromTimestampMicros[i] = latencyMicros;
      receivedAtMicros[i] = receivedAt;
      count.set(i + 1);
    }
  }

  private long nowMicros() {
    return wall0 + (System.nanoTime() - nano0) / 1000;
  }

  private static long toMicros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  private void run(int warmup, int events, long pauseMs) throws Exception {
    Map<String, String> memory = new LinkedHashMap<>();
    memory.put("idle", rss());
    String shelter = post("/api/commands/register-shelter", "{\"name\":\"Bench Shelter\",\"city\":\"Oslo\"}", "shelterId");

    Thread loop = Thread.ofPlatform().name("sse-selector").start(this::selectLoop);
    long connectStart = System.nanoTime();
    while (connected.get() + failed.get() < clients) {
      Thread.sleep(100);
      if (System.nanoTime() - connectStart > Duration.ofMinutes(5).toNanos()) throw new IllegalStateException("connecting took over 5 min");
    }
    double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
    System.out.printf(Locale.ROOT, "connected %d clients in %.1f s (%d failed)%n", connected.get(), connectSeconds, failed.get());
    if (failed.get() > 0) throw new IllegalStateException(failed.get() + " clients failed to connect");
    Thread.sleep(1000);
    memory.put("with " + clients + " clients", rss());

    List<Long> measured = new ArrayList<>();
    Map<Long, Long> postReturned = new LinkedHashMap<>();
    int lost = 0;
    for (int i = 0; i < warmup + events; i++) {
      long position = Long.parseLong(post("/api/commands/register-pet",
          "{\"name\":\"Bench " + i + "\",\"species\":\"cat\",\"age\":2,\"shelterId\":\"" + shelter + "\"}", "position"));
      long returned = nowMicros();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      Receipts r;
      while (((r = receipts.get(position)) == null || r.count.get() < clients) && System.nanoTime() < deadline) Thread.sleep(5);
      int got = r == null ? 0 : r.count.get();
      if (i >= warmup) {
        measured.add(position);
        postReturned.put(position, returned);
        lost += clients - got;
      }
      System.out.printf(Locale.ROOT, "%s event %d (position %d): %d/%d clients%n", i < warmup ? "warm-up" : "measured", i, position, got, clients);
      Thread.sleep(pauseMs);
    }
    memory.put("after " + (warmup + events) + " events", rss());
    memory.put("heap after a full GC", heapAfterGc());
    if (nativeMemory) System.out.println(jcmd("VM.native_memory", "summary"));

    report(measured, postReturned, lost, memory, connectSeconds);
    stopping = true;
    selector.wakeup();
    loop.join(10_000);
  }

  private void report(List<Long> positions, Map<Long, Long> postReturned, int lost, Map<String, String> memory, double connectSeconds) {
    List<Long> fromTimestamp = new ArrayList<>();
    List<Long> fromPost = new ArrayList<>();
    List<Long> lastClient = new ArrayList<>();
    for (long position : positions) {
      Receipts r = receipts.get(position);
      if (r == null) continue;
      int n = r.count.get();
      long slowest = 0;
      for (int i = 0; i < n; i++) {
        fromTimestamp.add(r.fromTimestampMicros[i]);
        fromPost.add(r.receivedAtMicros[i] - postReturned.get(position));
        slowest = Math.max(slowest, r.fromTimestampMicros[i]);
      }
      lastClient.add(slowest);
    }
    long[] a = sorted(fromTimestamp), b = sorted(fromPost), c = sorted(lastClient);
    System.out.println();
    System.out.printf(Locale.ROOT, "clients %d, events measured %d, receipts %d, missing %d, connect %.1f s%n",
        clients, positions.size(), a.length, lost, connectSeconds);
    System.out.printf(Locale.ROOT, "| latency, ms | p50 | p90 | p99 | max |%n|---|---|---|---|---|%n");
    System.out.printf(Locale.ROOT, "| event timestamp → client | %s | %s | %s | %s |%n", ms(pct(a, 50)), ms(pct(a, 90)), ms(pct(a, 99)), ms(pct(a, 100)));
    System.out.printf(Locale.ROOT, "| POST returned → client | %s | %s | %s | %s |%n", ms(pct(b, 50)), ms(pct(b, 90)), ms(pct(b, 99)), ms(pct(b, 100)));
    System.out.printf(Locale.ROOT, "| last client of each event (from timestamp) | %s | %s | %s | %s |%n", ms(pct(c, 50)), ms(pct(c, 90)), ms(pct(c, 99)), ms(pct(c, 100)));
    System.out.println();
    System.out.println("| PetStore memory | RSS (peak) |");
    System.out.println("|---|---|");
    memory.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
    System.out.printf(Locale.ROOT, "%nCPU time: PetStore %.1f s, this load generator %.1f s%n", serverCpuSeconds(),
        ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toMillis() / 1000.0);
  }

  /** utime + stime of the server process, from /proc/<pid>/stat, in seconds (clock ticks of 1/100 s). */
  private double serverCpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(serverPid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long[] sorted(List<Long> values) {
    long[] a = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a;
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) return -1;
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
  }

  // --- the clients --------------------------------------------------------------------------------------------

  private final class Client {
    final SocketChannel channel;
    boolean headersDone;
    boolean counted;
    long id = -1;
    byte[] line = new byte[512];
    int lineLength;

    Client(SocketChannel channel) {
      this.channel = channel;
    }

    void bytes(ByteBuffer buffer, long receivedAt) {
      while (buffer.hasRemaining()) {
        byte b = buffer.get();
        if (b == '\n') {
          int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
          line(line, end, receivedAt);
          lineLength = 0;
        } else {
          if (lineLength == line.length) line = Arrays.copyOf(line, line.length * 2);
          line[lineLength++] = b;
        }
      }
    }

    void line(byte[] bytes, int length, long receivedAt) {
      if (!headersDone) {
        String text = new String(bytes, 0, length, StandardCharsets.US_ASCII);
        if (text.startsWith("HTTP/") && !text.contains(" 200")) throw new IllegalStateException("stream refused: " + text);
        if (text.isEmpty()) headersDone = true;
        return;
      }
      if (length == 0) {
        if (id >= 0) {
          long timestamp = timestamps.getOrDefault(id, -1L);
          if (timestamp >= 0) receipts.computeIfAbsent(id, p -> new Receipts(clients)).add(receivedAt - timestamp, receivedAt);
        }
        id = -1;
      } else if (bytes[0] == ':') {
        if (!counted && startsWith(bytes, length, ": connected")) {
          counted = true;
          connected.incrementAndGet();
        }
      } else if (startsWith(bytes, length, "id: ")) {
        long value = 0;
        for (int i = 4; i < length; i++) value = value * 10 + (bytes[i] - '0');
        id = value;
      } else if (id >= 0 && !timestamps.containsKey(id) && startsWith(bytes, length, "data: ")) {
        // Every client gets the same body: its timestamp is read once per event, not once per client.
        Matcher m = TIMESTAMP.matcher(new String(bytes, 0, length, StandardCharsets.UTF_8));
        if (m.find()) timestamps.put(id, toMicros(Instant.parse(m.group(1))));
      }
    }
  }

  private static boolean startsWith(byte[] bytes, int length, String prefix) {
    if (length < prefix.length()) return false;
    for (int i = 0; i < prefix.length(); i++) if (bytes[i] != prefix.charAt(i)) return false;
    return true;
  }

  private void selectLoop() {
    InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
    byte[] request = ("GET /api/events/stream?types=pet.registered HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
    int opened = 0;
    try {
      while (!stopping) {
        // Open in batches: a burst of 10,000 SYNs would overflow the server's accept queue.
        while (opened < clients && opened - connected.get() - failed.get() < connectBatch) {
          SocketChannel channel = SocketChannel.open();
          channel.configureBlocking(false);
          Client client = new Client(channel);
          all.add(client);
          channel.register(selector, SelectionKey.OP_CONNECT, client);
          channel.connect(address);
          opened++;
        }
        selector.select(100);
        long receivedAt = nowMicros();
        for (SelectionKey key : selector.selectedKeys()) {
          Client client = (Client) key.attachment();
          try {
            if (key.isConnectable()) {
              client.channel.finishConnect();
              client.channel.write(ByteBuffer.wrap(request));
              key.interestOps(SelectionKey.OP_READ);
            } else if (key.isReadable()) {
              buffer.clear();
              int n = client.channel.read(buffer);
              if (n < 0) {
                key.cancel();
                client.channel.close();
                failed.incrementAndGet();
                continue;
              }
              buffer.flip();
              client.bytes(buffer, receivedAt);
            }
          } catch (IOException | RuntimeException e) {
            key.cancel();
            try {
              client.channel.close();
            } catch (IOException ignored) {
              // closing a broken channel
            }
            failed.incrementAndGet();
            if (failed.get() <= 5) System.err.println("client failed: " + e);
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      for (Client c : all) {
        try {
          c.channel.close();
        } catch (IOException ignored) {
          // leaving anyway
        }
      }
    }
  }

  // --- the PetStore's side ------------------------------------------------------------------------------------

  private String post(String path, String json, String field) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    Matcher m = Pattern.compile("\"" + field + "\":\"?([^\",}]+)").matcher(r.body());
    if (!m.find()) throw new IllegalStateException(path + " answered no " + field + ": " + r.body());
    return m.group(1);
  }

  /** The server's resident memory now, and its peak so far, from /proc. */
  private String rss() throws IOException {
    if (serverPid <= 0) return "n/a (no --server-pid)";
    String status = Files.readString(Path.of("/proc", String.valueOf(serverPid), "status"));
    return mib(field(status, "VmRSS")) + " (" + mib(field(status, "VmHWM")) + ")";
  }

  private static long field(String status, String name) {
    Matcher m = Pattern.compile(name + ":\\s+(\\d+) kB").matcher(status);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String mib(long kib) {
    return String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
  }

  /** The server's heap in use after a full GC, by jcmd, with every client still connected. */
  private String heapAfterGc() {
    if (serverPid <= 0) return "n/a";
    try {
      jcmd("GC.run");
      String info = jcmd("GC.heap_info");
      Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
      return m.find() ? mib(Long.parseLong(m.group(1))) + " used" : info.strip().lines().findFirst().orElse("?");
    } catch (Exception e) {
      return "n/a (" + e.getMessage() + ")";
    }
  }

  private String jcmd(String... command) {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(serverPid)));
    line.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out;
    } catch (IOException e) {
      return "jcmd failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected " + args[i]);
      String key = args[i].substring(2);
      if (key.contains("=")) opts.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
      else if (i + 1 < args.length && !args[i + 1].startsWith("--")) opts.put(key, args[++i]);
      else opts.put(key, "true");
    }
    return opts;
  }
}

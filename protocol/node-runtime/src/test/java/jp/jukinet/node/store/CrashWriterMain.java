package jp.jukinet.node.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Child process for {@link CrashDurabilityIT}: commits numbered entries through the group committer
 * forever (64 in flight) and prints "ACK n" once each commit completed. It is killed with SIGKILL
 * by the test.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    PrintStream out =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out),
            false,
            StandardCharsets.UTF_8);
    StoreResources resources = StoreResources.create(8L << 20, 8L << 20);
    NodeDatabase db =
        NodeDatabase.open(
            "crash-writer", dir, List.of("data"), resources, Executors.newSingleThreadExecutor());
    Semaphore inFlight = new Semaphore(64);
    for (long n = 1; ; n++) {
      inFlight.acquire();
      long seq = n;
      db.commit(txn -> txn.put("data", key(seq), new byte[100]))
          .whenComplete(
              (v, e) -> {
                inFlight.release();
                if (e == null) {
                  synchronized (out) {
                    out.println("ACK " + seq);
                    out.flush();
                  }
                }
              });
    }
  }

  static byte[] key(long seq) {
    return ("entry-" + seq).getBytes(StandardCharsets.UTF_8);
  }
}

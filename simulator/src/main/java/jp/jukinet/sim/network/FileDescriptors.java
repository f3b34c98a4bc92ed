package jp.jukinet.sim.network;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** This process's file-descriptor limit, which an in-JVM network's stores must share. */
final class FileDescriptors {
  /** Assumed where the JVM cannot tell (not a Unix): Linux's usual soft limit. */
  static final long UNKNOWN_LIMIT = 1024;

  private FileDescriptors() {}

  static long limit() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof UnixOperatingSystemMXBean unix
        ? unix.getMaxFileDescriptorCount()
        : UNKNOWN_LIMIT;
  }
}

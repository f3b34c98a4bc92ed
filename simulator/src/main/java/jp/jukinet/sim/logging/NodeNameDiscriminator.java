package jp.jukinet.sim.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.sift.AbstractDiscriminator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends each log line of the in-JVM host to its node's file, by the {@code "<node name>: "} prefix
 * every jukinet log message starts with. The value is a path relative to the run directory: {@code
 * nodes/<name>/node.log}, or {@code host.log} for lines that name no node.
 */
public final class NodeNameDiscriminator extends AbstractDiscriminator<ILoggingEvent> {
  private static final Pattern NODE = Pattern.compile("^(national|pref-\\d{6}|cs-\\d{6}): ");
  private static final String KEY = "logFile";

  @Override
  public String getDiscriminatingValue(ILoggingEvent event) {
    String msg = event.getFormattedMessage();
    if (msg != null) {
      Matcher m = NODE.matcher(msg);
      if (m.lookingAt()) {
        return "nodes/" + m.group(1) + "/node.log";
      }
    }
    return "host.log";
  }

  @Override
  public String getKey() {
    return KEY;
  }
}

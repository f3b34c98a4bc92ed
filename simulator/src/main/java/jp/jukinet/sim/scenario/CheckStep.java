package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import jp.jukinet.protocol.config.SimulatedCalendar;

/**
 * A check, in the timeline or in the header's {@code checks} (run at the end): {@code convergence}
 * or {@code {kind: convergence, within: 60s}}. {@code within} is how long the network may take to
 * satisfy it (checked again until then); default 0 for a step, 120 s at the end.
 */
// In the header's 'checks' a check stands alone, not wrapped in its kind as in the timeline.
@JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
public record CheckStep(Moment at, CheckKind kind, Span within) implements Step {
  public CheckStep {
    if (kind == null) {
      throw new IllegalArgumentException("check: 'kind' is required: " + names());
    }
  }

  /**
   * Reads {@code convergence} or {@code {kind: convergence, within: 60s, at: …}}: one creator for
   * both forms (Jackson would otherwise hand a map to the short form's creator).
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static CheckStep of(JsonNode node) {
    if (node.isTextual()) {
      return new CheckStep(null, kind(node.asText()), null);
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "a check is a kind (convergence) or a map (kind, within, at)");
    }
    node.fieldNames()
        .forEachRemaining(
            k -> {
              if (!List.of("at", "kind", "within").contains(k)) {
                throw new IllegalArgumentException(
                    "unknown key '" + k + "' in a check; known keys: at, kind, within");
              }
            });
    return new CheckStep(
        node.hasNonNull("at") ? Moment.parse(node.get("at").asText()) : null,
        node.hasNonNull("kind") ? kind(node.get("kind").asText()) : null,
        node.hasNonNull("within") ? Span.parse(node.get("within").asText()) : null);
  }

  private static CheckKind kind(String word) {
    for (CheckKind k : CheckKind.values()) {
      if (k.name().equalsIgnoreCase(word.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown check '" + word + "': " + names());
  }

  private static String names() {
    return String.join(
        ", ",
        java.util.Arrays.stream(CheckKind.values()).map(k -> k.name().toLowerCase()).toList());
  }

  /** How long the check may wait for the network ({@code fallback} when not said). */
  public Duration withinOr(Duration fallback, SimulatedCalendar calendar) {
    return within == null ? fallback : within.real(calendar);
  }

  @Override
  public void check(ScenarioContext context) {
    if (at != null) {
      at.check(context);
    }
    if (within != null) {
      within.check(context);
    }
  }

  @Override
  public String describe() {
    return "check "
        + kind.name().toLowerCase(Locale.ROOT)
        + (within == null ? "" : " within " + within);
  }
}

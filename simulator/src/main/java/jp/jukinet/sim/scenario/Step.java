package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One step of a scenario's timeline, written as a one-key map naming its kind: {@code operations},
 * {@code agency}, {@code fault}, {@code wait}, {@code check}, {@code provision_mix}, {@code repeat}
 * or {@code together}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({
  @JsonSubTypes.Type(value = OperationsStep.class, name = "operations"),
  @JsonSubTypes.Type(value = FaultStep.class, name = "fault"),
  @JsonSubTypes.Type(value = WaitStep.class, name = "wait"),
  @JsonSubTypes.Type(value = CheckStep.class, name = "check"),
  @JsonSubTypes.Type(value = AgencyStep.class, name = "agency"),
  @JsonSubTypes.Type(value = DiscloseStep.class, name = "disclose"),
  @JsonSubTypes.Type(value = PrefectureUseStep.class, name = "prefecture_use"),
  @JsonSubTypes.Type(value = WideAreaStep.class, name = "wide_area"),
  @JsonSubTypes.Type(value = ProvisionMixStep.class, name = "provision_mix"),
  @JsonSubTypes.Type(value = RepeatStep.class, name = "repeat"),
  @JsonSubTypes.Type(value = TogetherStep.class, name = "together"),
})
public sealed interface Step extends Checked
    permits OperationsStep,
        FaultStep,
        WaitStep,
        CheckStep,
        AgencyStep,
        DiscloseStep,
        PrefectureUseStep,
        WideAreaStep,
        ProvisionMixStep,
        RepeatStep,
        TogetherStep {
  /** When the step starts, or null: right after the previous one. */
  Moment at();

  /** One line for the progress display and the history. */
  String describe();

  @Override
  default void check(ScenarioContext context) {}

  /**
   * Checks a step's start, duration and rate against the header (a calendar for simulated ones).
   */
  static void checkTimes(ScenarioContext context, Moment at, Span duration, Rate rate) {
    if (at != null) {
      at.check(context);
    }
    duration.check(context);
    rate.check(context);
  }
}

package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import jp.jukinet.sim.demo.DemoWorkload;

/** The resident operations an {@code operations} step mixes, as its {@code mix} names them. */
public enum OperationKind {
  /** 出生. */
  @JsonProperty("birth")
  BIRTH(DemoWorkload.Kind.BIRTH),
  /** 転出 then 転入 (with its 転入通知). */
  @JsonProperty("move")
  MOVE(DemoWorkload.Kind.MOVE),
  /** 特例転出 then 特例転入. */
  @JsonProperty("special_move")
  SPECIAL_MOVE(DemoWorkload.Kind.SPECIAL_MOVE),
  /** 転居. */
  @JsonProperty("move_within")
  MOVE_WITHIN(DemoWorkload.Kind.MOVE_WITHIN),
  /** 氏名変更. */
  @JsonProperty("name_change")
  NAME_CHANGE(DemoWorkload.Kind.NAME_CHANGE),
  /** 住民票コード変更. */
  @JsonProperty("code_change")
  CODE_CHANGE(DemoWorkload.Kind.CODE_CHANGE),
  /** 死亡. */
  @JsonProperty("death")
  DEATH(DemoWorkload.Kind.DEATH);

  private final DemoWorkload.Kind kind;

  OperationKind(DemoWorkload.Kind kind) {
    this.kind = kind;
  }

  public DemoWorkload.Kind workloadKind() {
    return kind;
  }
}

package jp.jukinet.sim.demo;

/** The operations the demo drives, in the order its table lists them. */
public enum DemoOperation {
  BIRTH("出生"),
  MOVE_IN("転入"),
  MOVE_OUT("転出"),
  SPECIAL_MOVE_IN("特例転入"),
  SPECIAL_MOVE_OUT("特例転出"),
  MOVE_WITHIN("転居"),
  NAME_CHANGE("氏名変更"),
  CODE_CHANGE("住民票コード変更"),
  DEATH("死亡");

  private final String japanese;

  DemoOperation(String japanese) {
    this.japanese = japanese;
  }

  public String japanese() {
    return japanese;
  }
}

package jp.jukinet.sim.scenario;

/** A fault applied to the network; {@link #heal} undoes it (called exactly once). */
interface Fault {
  /** "kill pref-190004", "cut cs-192015 → pref-190004". */
  String describe();

  void apply();

  void heal();
}

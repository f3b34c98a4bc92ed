package jp.jukinet.sim.scenario;

import java.util.Locale;

/** Cut, drop or delay on one link's fault proxy; healed by letting traffic pass again. */
record LinkFault(FaultProxy proxy, FaultProxy.State state, long delayMillis) implements Fault {
  @Override
  public String describe() {
    return state.name().toLowerCase(Locale.ROOT)
        + " "
        + proxy.link()
        + (state == FaultProxy.State.DELAY ? " (" + delayMillis + " ms)" : "");
  }

  @Override
  public void apply() {
    proxy.set(state, delayMillis);
  }

  @Override
  public void heal() {
    proxy.set(FaultProxy.State.PASS, 0);
  }
}

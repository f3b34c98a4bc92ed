package jp.jukinet.sim.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (absent when run from classes). */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = JukinetCommand.class.getPackage().getImplementationVersion();
    return new String[] {"jukinet " + (v == null ? "(development build)" : v)};
  }
}

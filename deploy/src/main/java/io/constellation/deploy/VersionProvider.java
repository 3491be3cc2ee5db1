package io.constellation.deploy;

import picocli.CommandLine;

/** The launcher's version: the jar's implementation version, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Constellation.class.getPackage().getImplementationVersion();
        return new String[] {"constellation " + (v == null ? "development" : v)};
    }
}

package io.constellation.deploy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The single launcher: {@code constellation <subcommand>}, one subcommand per service plus
 * the tools an operator runs by hand. The only place (with the subcommands it dispatches
 * to) that reads arguments and environment variables.
 */
@Command(name = "constellation",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Constellation: the backend of a peer-to-peer music sharing network.",
        subcommands = {
            DemoCommand.class,
            IndexCommand.class,
            CacheCommand.class,
            ImportCommand.class,
            LoadgenCommand.class,
            QueryCommand.class,
            SearchCommand.class,
            UsersCommand.class,
            SatelliteServerCommand.class,
            GatewayCommand.class,
            WebCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Constellation implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Constellation()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
    }
}

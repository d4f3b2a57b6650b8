package dev.toeless.bench.demo;

import dev.toeless.nic.cost.CostProfile;
import dev.toeless.nic.cost.CostProfileFile;
import dev.toeless.nic.cost.CostProfiles;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The value of a {@code --profile NAME|FILE} option: a built-in cost profile, or one written by {@code toeless calibrate}. */
public final class ProfileOption {
    private ProfileOption() {
    }

    /**
     * The built-in profile of that name, else the profile in the file of that path; a usage error
     * of {@code cl} when it is neither, or the file is not a profile.
     */
    public static CostProfile resolve(CommandLine cl, String nameOrFile) throws IOException {
        final CostProfile builtIn = CostProfiles.named(nameOrFile);
        if (builtIn != null) {
            return builtIn;
        }
        final Path path = Path.of(nameOrFile);
        if (!Files.isRegularFile(path)) {
            throw new CommandLine.ParameterException(cl, "--profile '" + nameOrFile + "' is neither a built-in "
                + "profile (" + String.join(", ", CostProfiles.builtIn().keySet()) + ") nor a file");
        }
        try {
            return CostProfileFile.read(Files.readString(path), path.toString());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--profile: " + e.getMessage());
        }
    }
}

package io.benchline.simulator.ssh;

import java.util.List;

/** Where every exec line is written down as it arrives, and its exit status when it ends. */
public interface CommandJournal {

    /** Exit status recorded for a command that ended without one (hung, dropped, killed). */
    int NO_EXIT_STATUS = -1;

    Entry received(String commandLine, List<String> words);

    /** The record of one running command. */
    interface Entry {
        void exited(int exitStatus);
    }
}

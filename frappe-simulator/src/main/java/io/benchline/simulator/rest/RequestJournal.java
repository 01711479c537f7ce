package io.benchline.simulator.rest;

/** Where every site request is written down: method, path, site and status, never bodies or credentials. */
@FunctionalInterface
public interface RequestJournal {

    void record(String method, String path, String site, int status);
}

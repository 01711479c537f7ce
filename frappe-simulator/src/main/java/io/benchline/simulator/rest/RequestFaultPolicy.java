package io.benchline.simulator.rest;

/** Decides, per request path, whether a fault hits the request. */
@FunctionalInterface
public interface RequestFaultPolicy {

    RequestFault decide(String path);
}

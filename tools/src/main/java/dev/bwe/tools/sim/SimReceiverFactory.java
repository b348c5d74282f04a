package dev.bwe.tools.sim;

/** Creates the receiver of a simulation run, wired to the feedback path the simulator provides. */
@FunctionalInterface
public interface SimReceiverFactory {
    SimReceiver create(RembFeedback feedback);
}

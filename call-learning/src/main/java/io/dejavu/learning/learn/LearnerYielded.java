package io.dejavu.learning.learn;

/**
 * A learning run stopped because a call started (or learning was paused): not a failure. The run is
 * simply started again later: pairs already made stay cached, and a run lasts about a minute, so a
 * checkpoint would save little and would be for footage that the new call is about to extend.
 */
public final class LearnerYielded extends RuntimeException {
    public LearnerYielded(String where) {
        super("learning yielded " + where);
    }
}

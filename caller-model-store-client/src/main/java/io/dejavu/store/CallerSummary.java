package io.dejavu.store;

/**
 * A caller with stored models, as the store lists them for admins.
 *
 * @param caller the caller's name
 * @param versions how many versions are stored
 * @param activeVersion the version downloads get; 0 when none is active
 * @param lastVersion the highest version number given out so far
 */
public record CallerSummary(String caller, int versions, int activeVersion, int lastVersion) {
    public CallerSummary {
        StoreProtocol.requireCaller(caller);
        if (versions < 0 || activeVersion < 0 || lastVersion < 0) {
            throw new IllegalArgumentException("counts must not be negative, got versions=" + versions
                    + ", activeVersion=" + activeVersion + ", lastVersion=" + lastVersion);
        }
    }
}

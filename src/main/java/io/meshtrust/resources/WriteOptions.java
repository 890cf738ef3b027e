package io.meshtrust.resources;

import java.util.Objects;

/**
 * Who writes, and whether they override a guard that protects running traffic ({@code ?force=true} on
 * {@code PUT /meshes/{name}}: the CA-rotation gate, README "CA rotation"). Passed to {@link MeshLifecycle} checks.
 *
 * @param caller the user's name, for the record of an override
 * @param force  the caller asked to override the guards that allow it
 */
public record WriteOptions(String caller, boolean force) {

    public WriteOptions {
        Objects.requireNonNull(caller, "caller");
    }

    public static WriteOptions by(String caller) {
        return new WriteOptions(caller, false);
    }
}

package io.meshtrust.resources;

import java.util.List;

/** Outcome of a create-or-update: whether it created, and Kuma's warnings for the client. */
public record PutResult(boolean created, List<String> warnings) {}

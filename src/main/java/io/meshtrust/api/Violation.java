package io.meshtrust.api;

/** One entry of Kuma's ValidationError: the field path and what is wrong with it. */
public record Violation(String field, String message) {}

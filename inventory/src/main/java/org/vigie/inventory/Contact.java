package org.vigie.inventory;

/**
 * A person to tell: e-mail and an E.164 phone number (for SMS), either may be null.
 *
 * @param role free text, e.g. "mairie", "directeur"
 */
public record Contact(String name, String role, String email, String phone) {}

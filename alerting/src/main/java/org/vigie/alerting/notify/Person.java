package org.vigie.alerting.notify;

/**
 * Someone on the on-call rota: an e-mail address and an E.164 phone number for SMS (either may be
 * null, not both).
 */
public record Person(String name, String email, String phone) {}

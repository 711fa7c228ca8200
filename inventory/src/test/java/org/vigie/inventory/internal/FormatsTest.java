package org.vigie.inventory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormatsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "2001:db8::1",
        "fe80::1:2:3:4",
        "1:2:3:4:5:6:7:8",
        "::ffff:192.0.2.1",
        "nas.ecole-a.local",
        "localhost",
        "srv01"
      })
  void validAddresses_areAccepted(String address) {
    assertThat(Formats.addressProblem(address)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.300",
        "10.0.0",
        "010.0.0.1",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "2001:db8:::1",
        "12345::1",
        "Host.Example",
        "-bad.example",
        "under_score",
        "a..b",
        "",
        "10.0.0.1 "
      })
  void invalidAddresses_areRefused(String address) {
    assertThat(Formats.addressProblem(address)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"200-399", "200,204", "200, 301-308", "100-599"})
  void statusLists_areAccepted(String list) {
    assertThat(Formats.statusListProblem(list)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2xx", "399-200", "200-", "600", "200,,204"})
  void badStatusLists_areRefused(String list) {
    assertThat(Formats.statusListProblem(list)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"+33381000000", "+12025550123"})
  void e164Phones_areAccepted(String phone) {
    assertThat(Formats.phoneProblem(phone)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0381000000", "+0381000000", "+33 3 81 00 00 00", "+3338100000000000"})
  void otherPhones_areRefused(String phone) {
    assertThat(Formats.phoneProblem(phone)).isNotNull();
  }
}

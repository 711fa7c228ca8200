package org.vigie.simulator.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import org.junit.jupiter.api.Test;

class BindFailureTest {

  @Test
  void privilegedPort_messageSaysToRunAsRootOrUseHighPorts() {
    IllegalStateException e =
        BindFailure.of(
            "s1/server", "smb", "127.20.1.10", 445, new BindException("Permission denied"));

    assertThat(e.getMessage())
        .contains("s1/server", "127.20.1.10:445", "Permission denied", "root", ">= 1024");
  }

  @Test
  void unprivilegedPort_messageNamesDeviceAndAddressOnly() {
    IllegalStateException e =
        BindFailure.of(
            "s1/server", "smb", "127.20.1.10", 10445, new BindException("Address in use"));

    assertThat(e.getMessage())
        .isEqualTo(
            "simulated device s1/server: cannot listen on 127.20.1.10:10445 (smb): Address in use");
  }
}

package org.vigie.alerting.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigie.alerting.sms.SmsEncoding.Alphabet;
import org.vigie.alerting.sms.SmsEncoding.Encoded;

class SmsEncodingTest {
  private final SmsEncoding plain = new SmsEncoding(false);
  private final SmsEncoding french = new SmsEncoding(true);

  @Test
  void eAcute_isInTheGsmAlphabet_andCostsOneSeptet() {
    Encoded e = plain.encode("école fermée");
    assertThat(e.alphabet()).isEqualTo(Alphabet.GSM7);
    assertThat(e.units()).isEqualTo(12);
    assertThat(e.segments()).isEqualTo(1);
  }

  @Test
  void euroSign_isAnExtensionCharacter_andCostsTwoSeptets() {
    Encoded e = plain.encode("10€");
    assertThat(e.alphabet()).isEqualTo(Alphabet.GSM7);
    assertThat(e.units()).isEqualTo(4);
    assertThat(SmsEncoding.toGsm7("10€")).containsExactly(0x31, 0x30, 0x1B, 0x65);
  }

  @Test
  void oneHundredSixtySeptets_fitOneSms_andOneMoreMakesTwoParts() {
    assertThat(plain.encode("a".repeat(160)).segments()).isEqualTo(1);
    Encoded e = plain.encode("a".repeat(161));
    assertThat(e.segments()).isEqualTo(2);
    assertThat(e.parts().get(0)).hasSize(153);
    assertThat(e.parts().get(1)).hasSize(8);
  }

  @Test
  void extensionCharacters_countTwo_towardsTheSingleMessageLimit() {
    // 80 euro signs are 160 septets: one SMS; 81 are 162: two parts of at most 153 septets.
    assertThat(plain.encode("€".repeat(80)).segments()).isEqualTo(1);
    Encoded e = plain.encode("€".repeat(81));
    assertThat(e.units()).isEqualTo(162);
    assertThat(e.parts()).extracting(String::length).containsExactly(76, 5);
  }

  @Test
  void anEscapeSequence_isNeverSplitAcrossParts() {
    // 152 septets then a euro sign: it does not fit in part one's last septet, moves whole.
    Encoded e = plain.encode("a".repeat(152) + "€" + "b".repeat(10));
    assertThat(e.parts().get(0)).isEqualTo("a".repeat(152));
    assertThat(e.parts().get(1)).isEqualTo("€" + "b".repeat(10));
  }

  @Test
  void emoji_forcesUcs2_andCountsTwoUnits() {
    Encoded e = plain.encode("Panne 🔥");
    assertThat(e.alphabet()).isEqualTo(Alphabet.UCS2);
    assertThat(e.units()).isEqualTo(8);
    assertThat(e.segments()).isEqualTo(1);
  }

  @Test
  void seventyOneUcs2Units_makeTwoPartsOfAtMostSixtySeven() {
    assertThat(plain.encode("ê".repeat(70)).segments()).isEqualTo(1);
    Encoded e = plain.encode("ê".repeat(71));
    assertThat(e.parts()).extracting(String::length).containsExactly(67, 4);
  }

  @Test
  void aSurrogatePair_isNeverSplitAcrossParts() {
    Encoded e = plain.encode("x".repeat(66) + "😀" + "y".repeat(5));
    assertThat(e.parts().get(0)).isEqualTo("x".repeat(66));
    assertThat(e.parts().get(1)).isEqualTo("😀yyyyy");
  }

  @Test
  void frenchText_staysGsm7_whenTransliterationIsOn() {
    String text = "Connexion coupée à l’école Jean-Zay : « fibre » hors service, ça reprend ?";
    assertThat(plain.encode(text).alphabet()).isEqualTo(Alphabet.UCS2);
    Encoded e = french.encode(text);
    assertThat(e.alphabet()).isEqualTo(Alphabet.GSM7);
    assertThat(e.text())
        .isEqualTo("Connexion coupée à l'école Jean-Zay : \" fibre \" hors service, Ça reprend ?");
  }

  @Test
  void transliteration_isNotApplied_whenTheTextNeedsUcs2Anyway() {
    Encoded e = french.encode("Lien rétabli ✅ à l’école");
    assertThat(e.alphabet()).isEqualTo(Alphabet.UCS2);
    assertThat(e.text()).isEqualTo("Lien rétabli ✅ à l’école");
  }

  @Test
  void gsm7Codes_roundTrip() {
    String text = "@£$ Ça {coûte} [10€] ~ ^|\\ ß É";
    String gsm = SmsEncoding.transliterate(text);
    assertThat(SmsEncoding.fromGsm7(SmsEncoding.toGsm7(gsm))).isEqualTo(gsm);
  }
}

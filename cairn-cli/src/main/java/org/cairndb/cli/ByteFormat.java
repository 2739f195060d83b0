package org.cairndb.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How keys and values are read from the command line and files, and how they are shown: {@link
 * #TEXT} (UTF-8 in; shown as UTF-8 when printable, hex otherwise), {@link #HEX} or {@link #BASE64}
 * (both ways). Stateless.
 */
enum ByteFormat {
  TEXT,
  HEX,
  BASE64;

  /** The format chosen by {@code --hex} / {@code --base64} (at most one of them). */
  static ByteFormat of(Args a) {
    boolean hex = a.flag("--hex");
    boolean b64 = a.flag("--base64");
    if (hex && b64) {
      throw new UsageException("--hex and --base64 exclude each other");
    }
    return hex ? HEX : b64 ? BASE64 : TEXT;
  }

  /** Decodes an argument or field given in this format; {@link UsageException} if malformed. */
  byte[] decode(String s, String what) {
    try {
      return switch (this) {
        case TEXT -> s.getBytes(StandardCharsets.UTF_8);
        case HEX -> HexFormat.of().parseHex(s);
        case BASE64 -> Base64.getDecoder().decode(s);
      };
    } catch (IllegalArgumentException e) {
      throw new UsageException(what + " is not valid " + name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** The value of option {@code name} decoded in this format, or null when it was not given. */
  byte[] option(Args a, String name) {
    String v = a.option(name);
    return v == null ? null : decode(v, name);
  }

  /** Shows bytes: in {@link #TEXT} as UTF-8 when {@link #printable}, else as lowercase hex. */
  String show(byte[] b) {
    return switch (this) {
      case TEXT -> printable(b) ? new String(b, StandardCharsets.UTF_8) : hex(b);
      case HEX -> hex(b);
      case BASE64 -> Base64.getEncoder().encodeToString(b);
    };
  }

  /**
   * Encodes bytes for a file that must load back exactly: {@link #TEXT} requires valid UTF-8 (else
   * null, and the caller asks for {@code --hex} or {@code --base64}).
   */
  String exact(byte[] b) {
    if (this == TEXT) {
      return utf8(b);
    }
    return show(b);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** Valid UTF-8 without control characters (so it prints on one line as what it is). */
  static boolean printable(byte[] b) {
    String s = utf8(b);
    if (s == null) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }

  /** The string these bytes are the UTF-8 encoding of, or null when they are not valid UTF-8. */
  static String utf8(byte[] b) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}

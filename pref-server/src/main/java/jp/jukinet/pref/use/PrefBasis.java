package jp.jukinet.pref.use;

/**
 * The legal basis on which the prefecture uses or provides 本人確認情報 for one of its 事務 (法第30条の15,
 * 第30条の13): 利用区分 for use by the governor's own offices, 提供区分 for provision to another body.
 */
public enum PrefBasis {
  /** 別表第一 (第30条の9関係): a national 事務 the prefecture carries out (山梨県's 別紙2 lists one). */
  BETSUHYO1("別表第一", "第30条の9", false),
  /** 別表第五 (第30条の15第1項第1号): use by the governor. */
  BETSUHYO5("別表第五", "第30条の15第1項第1号", false),
  /** 条例事務 (第30条の15第1項第2号): use by the governor for a 事務 the ordinance names. */
  JOREI("条例", "第30条の15第1項第2号", false),
  /** 本人同意 (第30条の15第1項第3号): use for a 事務 the person consented to. */
  CONSENT("本人同意", "第30条の15第1項第3号", false),
  /** 別表第六 (第30条の15第2項第1号): provision to the prefecture's other executive organs. */
  BETSUHYO6("別表第六", "第30条の15第2項第1号", true),
  /** 条例 (第30条の15第2項第2号): provision to other executive organs for an ordinance 事務. */
  JOREI_ORGAN("条例 (他の執行機関)", "第30条の15第2項第2号", true),
  /** 法第30条の13第1項: provision to a municipality for an ordinance 事務. */
  ART30_13("条例 (市町村)", "第30条の13第1項", true);

  private final String label;
  private final String article;
  private final boolean provision;

  PrefBasis(String label, String article, boolean provision) {
    this.label = label;
    this.article = article;
    this.provision = provision;
  }

  /** Short Japanese label, e.g. 別表第五. */
  public String label() {
    return label;
  }

  /** The article of 住民基本台帳法 it rests on, e.g. 第30条の15第1項第1号. */
  public String article() {
    return article;
  }

  /** True for 提供 to another body, false for 利用 by the governor. */
  public boolean provision() {
    return provision;
  }
}

/**
 * 本人確認情報の提供 as the servers share it: the purpose check a request passes, the lookup of its keys,
 * and the durable records made before an answer leaves (the provision log with its index by person
 * and its counters, and the security log of refusals). The national server's agency registry and
 * the prefecture server's registry of its own 事務 implement {@link
 * jp.jukinet.node.provision.PurposeCheck}.
 */
package jp.jukinet.node.provision;

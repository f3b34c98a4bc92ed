/**
 * 磁気媒体による一括提供: results enveloped (CMS) for the receiving agency's certificate, and the media file
 * the CLI writes from them.
 */
package jp.jukinet.protocol.media;

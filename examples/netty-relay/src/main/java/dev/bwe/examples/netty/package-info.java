/**
 * bwe embedded in a Netty 4.2 UDP receiver: the example README's "Embed it in a relay" points to. Peers
 * are sessions, datagrams go into bwe from Netty's buffers without a copy, REMBs go back on the channel.
 */
package dev.bwe.examples.netty;

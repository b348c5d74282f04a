/**
 * What a user needs to drive a browser against the relay by hand: a noise clip for Chromium's fake camera
 * ({@link dev.bwe.relay.browser.NoiseClip}). The WebDriver client the browser tests use is test code.
 */
package dev.bwe.relay.browser;

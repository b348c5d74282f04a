/**
 * Driving headless Chromium from Java with nothing but the JDK: a W3C WebDriver client for Debian's chromedriver
 * ({@link dev.bwe.relay.browser.ChromeDriverSession}), the little JSON it needs ({@link dev.bwe.relay.browser.Json}),
 * and a noise clip for the fake camera ({@link dev.bwe.relay.browser.NoiseClip}).
 */
package dev.bwe.relay.browser;

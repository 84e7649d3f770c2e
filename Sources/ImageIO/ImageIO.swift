/// PNG images as plain pixel buffers; see PNG.swift.
public enum ImageIO {}

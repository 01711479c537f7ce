package io.benchline.operator.api;

import java.util.List;

/** One page of a list: pass {@code nextCursor} as {@code cursor} for the next one ({@code null}: no more). */
record ListPage<T>(List<T> items, String nextCursor) {}

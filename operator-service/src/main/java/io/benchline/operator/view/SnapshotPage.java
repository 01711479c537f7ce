package io.benchline.operator.view;

import io.benchline.operator.tenant.TenantSnapshot;
import java.util.List;

/** One page of a list, in list order, and where the next page starts ({@code null}: this was the last). */
public record SnapshotPage(List<TenantSnapshot> items, ListCursor next) {}

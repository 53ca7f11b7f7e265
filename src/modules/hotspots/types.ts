/** A regular square grid in a projected metric coordinate system. Row-major: index = gy * ncols + gx. */
export interface Grid {
  x0: number;
  y0: number;
  cellSize: number;
  ncols: number;
  nrows: number;
}

/** One crime event, projected. `t` is minutes since 1970-01-01 00:00 of the naive local clock. */
export interface CrimeEvent {
  t: number;
  x: number;
  y: number;
  category: string;
}

/** A risk value for each study-area cell of a grid. */
export interface RiskSurface {
  grid: Grid;
  /** EPSG code of the grid's coordinates, e.g. 'EPSG:27700' or 'EPSG:32630'. */
  crs: string;
  /** Row-major indices of the study-area cells, ascending. */
  cells: Int32Array;
  /** Risk per study-area cell, parallel to `cells`. */
  risk: Float64Array;
}

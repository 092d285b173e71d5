/* Completion-rate bar chart on the summary page, drawn from the table's own numbers. */
(function () {
  "use strict";
  var holder = document.getElementById("summary-chart");
  var source = document.getElementById("summary-chart-data");
  if (!holder || !source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var narrow = window.innerWidth < 576;
  var shared = 0;  // length of the prefix every label shares
  if (data.labels.length > 1) {
    while (shared < data.labels[0].length &&
           data.labels.every(function (l) { return l[shared] === data.labels[0][shared]; })) { shared++; }
  }
  var chart = echarts.init(holder);
  chart.setOption({
    tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: function (v) { return v + "%"; } },
    grid: { left: 40, right: 10, top: 30, bottom: 80 },
    xAxis: { type: "category", data: data.labels, axisLabel: {
      interval: 0,
      // Long org names on a phone: tilt them, drop what every name starts with (中共清镇市…) and cut
      // the rest to 8 characters; the tooltip and the cards below keep the full names.
      rotate: data.labels.length > 6 || (narrow && data.labels.length > 2) ? 40 : 0,
      formatter: function (label) {
        if (!narrow) { return label; }
        var rest = label.slice(shared);
        return rest.length > 8 ? rest.slice(0, 8) + "…" : rest;
      }
    } },
    yAxis: { type: "value", min: 0, max: 100, name: data.title },
    series: [{ type: "bar", data: data.rates, itemStyle: { color: "#b71c1c" }, label: { show: true, position: "top", formatter: "{c}%" } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

/* Completion-rate bar chart on the summary page, drawn from the table's own numbers. */
(function () {
  "use strict";
  var holder = document.getElementById("summary-chart");
  var source = document.getElementById("summary-chart-data");
  if (!holder || !source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(holder);
  chart.setOption({
    tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: function (v) { return v + "%"; } },
    grid: { left: 40, right: 10, top: 30, bottom: 80 },
    xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 6 ? 40 : 0 } },
    yAxis: { type: "value", min: 0, max: 100, name: data.title },
    series: [{ type: "bar", data: data.rates, itemStyle: { color: "#b71c1c" }, label: { show: true, position: "top", formatter: "{c}%" } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

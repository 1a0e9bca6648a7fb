// Team numbers charts: visits per day against the 3-4 target, the share of
// new business from existing customers against the benchmark, and the
// grade mix week by week. Data comes from the json_script block.
(function () {
  "use strict";
  var source = document.getElementById("team-chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) { return; }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
  }

  var agentAxis = {
    type: "category", data: data.agents,
    axisLabel: { interval: 0, rotate: data.agents.length > 6 ? 45 : 0 }
  };

  draw("chart-visits", {
    title: { text: data.labels.visitsPerDay, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 10, bottom: 60 },
    xAxis: agentAxis,
    // Keep the target band in view even when every bar is below it.
    yAxis: {
      type: "value", min: 0,
      max: function (extent) {
        return Math.ceil(Math.max(extent.max, data.visitTarget[1]) + 0.5);
      }
    },
    series: [{
      name: data.labels.visitsPerDay, type: "bar", data: data.visitsPerDay,
      itemStyle: { color: "#c0392b" },
      markArea: {
        itemStyle: { color: "rgba(47, 133, 90, 0.15)" },
        label: { show: true, position: "insideTopRight", formatter: data.labels.target },
        data: [[{ yAxis: data.visitTarget[0] }, { yAxis: data.visitTarget[1] }]]
      }
    }]
  });

  draw("chart-share", {
    title: { text: data.labels.existingShare, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 10, bottom: 60 },
    xAxis: agentAxis,
    yAxis: { type: "value", min: 0, max: 100 },
    series: [{
      name: data.labels.existingShare, type: "bar", data: data.existingShare,
      itemStyle: { color: "#2f855a" },
      markLine: {
        symbol: "none", lineStyle: { color: "#b7791f", type: "dashed" },
        label: { formatter: data.labels.benchmark, position: "insideEndTop" },
        data: [{ yAxis: data.benchmark }]
      }
    }]
  });

  draw("chart-grades", {
    title: { text: data.labels.gradeMix, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 50, right: 10, bottom: 60 },
    xAxis: { type: "category", data: data.gradeWeeks },
    yAxis: { type: "value", min: 0 },
    color: ["#2f855a", "#b7791f", "#c0392b"],
    series: data.gradeSeries.map(function (series) {
      return {
        name: series.name, type: "line", stack: "grades", areaStyle: {},
        data: series.data
      };
    })
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();

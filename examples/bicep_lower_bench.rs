//! Benchmark, not a test: parse + lower time of a generated 2,000-line Bicep file.
//!
//!     cargo run --release --example bicep_lower_bench
//!
//! Prints the mean time per run of: parsing; parsing + evaluating + mapping into the model
//! (lower); and the whole check (lower + pull paths + rules).

use std::time::{Duration, Instant};
use topolint::model::Model;
use topolint::{DocumentSet, Settings};

/// VNets with looped subnets, a registry, endpoints with zone groups, zone links and role
/// assignments, until `lines` lines.
fn generated(lines: usize) -> String {
    let mut s = String::from(
        "param location string = 'westeurope'\nparam prefix string = 'contoso'\n\n\
         resource acr 'Microsoft.ContainerRegistry/registries@2025-11-01' = {\n  name: '${prefix}acr'\n  location: location\n  sku: { name: 'Premium' }\n  properties: { publicNetworkAccess: 'Disabled' }\n}\n\n\
         resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {\n  name: 'privatelink.azurecr.io'\n  location: 'global'\n}\n\n",
    );
    let mut i = 0;
    while s.lines().count() < lines {
        s.push_str(&format!(
            "@description('Network {i}')
resource vnet{i} 'Microsoft.Network/virtualNetworks@2024-05-01' = {{
  name: '${{prefix}}-vnet-{i}'
  location: location
  properties: {{
    addressSpace: {{ addressPrefixes: [ '10.{i}.0.0/16' ] }}
    subnets: [for j in range(0, 3): {{
      name: 'snet-${{j}}'
      properties: {{ addressPrefix: cidrSubnet('10.{i}.0.0/16', 24, j) }}
    }}]
  }}
}}

resource pe{i} 'Microsoft.Network/privateEndpoints@2024-05-01' = {{
  name: 'pe-{i}'
  location: location
  properties: {{
    subnet: {{ id: '${{vnet{i}.id}}/subnets/snet-0' }}
    privateLinkServiceConnections: [
      {{ name: 'acr', properties: {{ privateLinkServiceId: acr.id, groupIds: [ 'registry' ] }} }}
    ]
  }}
  resource group 'privateDnsZoneGroups' = {{
    name: 'default'
    properties: {{
      privateDnsZoneConfigs: [ {{ name: 'acr', properties: {{ privateDnsZoneId: zone.id }} }} ]
    }}
  }}
}}

resource link{i} 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {{
  parent: zone
  name: 'link-{i}'
  location: 'global'
  properties: {{ virtualNetwork: {{ id: vnet{i}.id }}, registrationEnabled: false }}
}}

"
        ));
        i += 1;
    }
    s
}

fn time(runs: u32, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    let started = Instant::now();
    for _ in 0..runs {
        f();
    }
    started.elapsed() / runs
}

fn main() {
    let text = generated(2000);
    let mut set = DocumentSet::new();
    set.add("main.bicep", text.as_str());
    let runs = 50;
    let parse = time(runs, || {
        std::hint::black_box(topolint::syntax::bicep::parse(std::hint::black_box(&text)));
    });
    let mut counts = (0, 0);
    let lower = time(runs, || {
        let mut model = Model::default();
        let mut resources = Vec::new();
        let mut diags = Vec::new();
        topolint::bicep::lower_all(&set, &mut model, &mut resources, &mut diags);
        topolint::azure::map::lower_resources(&resources, &mut model, &mut diags);
        counts = (
            resources.len(),
            model.vnets.len() + model.subnets.len() + model.endpoints.len(),
        );
        std::hint::black_box(model);
    });
    let check = time(runs, || {
        std::hint::black_box(topolint::check(&set, &Settings::default()));
    });
    println!(
        "bicep bench: {} lines, {} bytes, {} resources, {} VNets+subnets+endpoints in the model",
        text.lines().count(),
        text.len(),
        counts.0,
        counts.1
    );
    println!("  parse:          {parse:?} per run ({runs} runs)");
    println!("  parse + lower:  {lower:?} per run");
    println!("  whole check:    {check:?} per run");
}

#!/usr/bin/perl
# Writes the small MMDB databases the geo unit tests read, with Debian's MaxMind::DB::Writer
# (libmaxmind-db-writer-perl): one directory per record layout. Fixed build epoch, so the output is the
# same on every run. The networks and values are made up for the tests; see geo_db_test.cpp.
#
#   make_test_mmdb.pl OUTDIR
use strict;
use warnings;
use File::Path qw(make_path);
use MaxMind::DB::Writer::Tree;

my ($out) = @ARGV;
die "usage: $0 OUTDIR\n" unless defined $out;
make_path("$out/maxmind", "$out/flat", "$out/other");

use constant BUILD_EPOCH => 1700000000;    # 2023-11-14

my %types = (
    # MaxMind layout
    city => 'map', continent => 'map', country => 'map', registered_country => 'map', location => 'map',
    names => 'map', iso_code => 'utf8_string', code => 'utf8_string', en => 'utf8_string',
    de => 'utf8_string', geoname_id => 'uint32', accuracy_radius => 'uint16', latitude => 'double',
    longitude => 'double', time_zone => 'utf8_string',
    # both
    autonomous_system_number => 'uint32', autonomous_system_organization => 'utf8_string',
    is_anonymous => 'boolean',
);
# ip-location-db's flat layout stores coordinates as floats.
my %flat_types = (
    %types, city => 'utf8_string', country_code => 'utf8_string', latitude => 'float',
    longitude => 'float', postcode => 'utf8_string', state1 => 'utf8_string', state2 => 'utf8_string',
    timezone => 'utf8_string',
);

sub write_db {
    my ($file, $type, $ip_version, $key_types, $languages, $networks) = @_;
    my $tree = MaxMind::DB::Writer::Tree->new(
        ip_version               => $ip_version,
        record_size              => 24,
        database_type            => $type,
        languages                => $languages,
        description              => { en => "netmeter test database ($type)" },
        map_key_type_callback    => sub { $key_types->{ $_[0] } },
        remove_reserved_networks => 0,
        alias_ipv6_to_ipv4       => $ip_version == 6 ? 1 : 0,
        _build_epoch             => BUILD_EPOCH,
    );
    for (my $i = 0; $i < @$networks; $i += 2) {
        $tree->insert_network($networks->[$i], $networks->[ $i + 1 ]);
    }
    open my $fh, '>:raw', $file or die "$file: $!\n";
    $tree->write_tree($fh);
    close $fh or die "$file: $!\n";
}

sub names { return { names => { en => $_[0], de => $_[1] // $_[0] } } }

# MaxMind's GeoIP2/GeoLite2 layout.
write_db("$out/maxmind/GeoLite2-City-Test.mmdb", 'GeoLite2-City', 6, \%types, [ 'de', 'en' ], [
    '1.0.0.0/8' => {
        continent => { code => 'NA', %{ names('North America', 'Nordamerika') } },
        country   => { iso_code => 'US', %{ names('United States', 'Vereinigte Staaten') } },
        registered_country => { iso_code => 'US', %{ names('United States') } },
        city      => { geoname_id => 5375480, %{ names('Mountain View') } },
        location  => { latitude => 37.386, longitude => -122.0838, accuracy_radius => 1000,
                       time_zone => 'America/Los_Angeles' },
    },
    '2.0.0.0/8' => {
        continent => { code => 'EU', %{ names('Europe', 'Europa') } },
        country   => { iso_code => 'FR', %{ names('France', 'Frankreich') } },
    },
    # Only where the network's owner is registered (as for some anycast networks).
    '3.0.0.0/8' => {
        continent          => { code => 'EU', %{ names('Europe') } },
        registered_country => { iso_code => 'SE', %{ names('Sweden', 'Schweden') } },
    },
    '2a02:8100::/24' => {
        continent => { code => 'EU', %{ names('Europe') } },
        country   => { iso_code => 'DE', %{ names('Germany', 'Deutschland') } },
        city      => names('Berlin'),
        location  => { latitude => 52.5244, longitude => 13.4105, accuracy_radius => 20 },
    },
]);
write_db("$out/maxmind/GeoLite2-ASN-Test.mmdb", 'GeoLite2-ASN', 6, \%types, [], [
    '1.0.0.0/8'      => { autonomous_system_number => 15169, autonomous_system_organization => 'Google LLC' },
    '2a02:8100::/24' => { autonomous_system_number => 3209, autonomous_system_organization => 'Vodafone GmbH' },
]);

# ip-location-db's flat layout: city files per address family, a country file for both.
my %blank = (postcode => '', state1 => '', state2 => '', timezone => '');
write_db("$out/flat/test-city-ipv4.mmdb", 'city ipv4', 4, \%flat_types, [], [
    '1.0.0.0/8' => { %blank, city => 'Tokyo', country_code => 'JP', latitude => 35.6895,
                     longitude => 139.6917, state1 => 'Tokyo', timezone => 'Asia/Tokyo' },
    '4.0.0.0/8' => { %blank, city => '', country_code => 'BR', latitude => -14.235, longitude => -51.9253 },
]);
write_db("$out/flat/test-city-ipv6.mmdb", 'city ipv6', 6, \%flat_types, [], [
    '2400:4000::/22' => { %blank, city => 'Sydney', country_code => 'AU', latitude => -33.8688,
                          longitude => 151.2093 },
]);
write_db("$out/flat/test-country.mmdb", 'country ipvAll', 6, \%flat_types, [], [
    '1.0.0.0/8'      => { country_code => 'JP' },
    '5.0.0.0/8'      => { country_code => 'XK' },
    '2c0f:f000::/20' => { country_code => 'ZA' },
]);

# Neither city, country nor ASN: GeoDb skips it with a warning.
write_db("$out/other/GeoIP2-Anonymous-IP-Test.mmdb", 'GeoIP2-Anonymous-IP', 6, \%types, [], [
    '1.0.0.0/8' => { is_anonymous => 1 },
]);

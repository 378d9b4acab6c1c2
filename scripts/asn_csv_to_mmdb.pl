#!/usr/bin/perl
# Converts ip-location-db's ASN CSV files (first,last,asn,organisation; IPv4 and IPv6) into one MMDB
# file with the flat record layout its own MMDB packages use (autonomous_system_number,
# autonomous_system_organization). The npm registry has no ASN MMDB package any more, only the CSV one;
# scripts/setup_geoip calls this with Debian's MaxMind::DB::Writer (libmaxmind-db-writer-perl).
#
#   asn_csv_to_mmdb.pl OUT.mmdb DESCRIPTION IN.csv...
#
# IPv4 ranges go into the IPv6 tree at ::a.b.c.d, where libmaxminddb looks IPv4 addresses up. No
# `languages` in the metadata, like ip-location-db's own files (netmeter reads a file that lists
# languages as MaxMind's layout; AS records are the same in both).
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my ($out, $description, @inputs) = @ARGV;
die "usage: $0 OUT.mmdb DESCRIPTION IN.csv...\n" unless defined $description && @inputs;

my %types = (autonomous_system_number => 'uint32', autonomous_system_organization => 'utf8_string');
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version               => 6,
    record_size              => 28,
    database_type            => 'asn ipvAll',
    description              => { en => $description },
    map_key_type_callback    => sub { $types{ $_[0] } },
    remove_reserved_networks => 0,
);

# One data record per (number, organisation): the writer stores equal records once anyway, this only
# saves memory while building.
my %records;
my $rows = 0;
for my $input (@inputs) {
    open my $in, '<:encoding(UTF-8)', $input or die "$input: $!\n";
    while (my $line = <$in>) {
        $line =~ s/\r?\n\z//;
        next if $line eq '';
        # The organisation is the last field and may hold commas (then it is quoted, "" inside).
        my ($first, $last, $number, $org) = split /,/, $line, 4;
        die "$input:$.: not first,last,asn,organisation\n" unless defined $number && $number =~ /\A\d+\z/;
        $org //= '';
        if ($org =~ /\A"(.*)"\z/s) {
            $org = $1;
            $org =~ s/""/"/g;
        }
        my $record = $records{"$number\0$org"} //=
            { autonomous_system_number => $number + 0, autonomous_system_organization => $org };
        $tree->insert_range($first, $last, $record);
        ++$rows;
    }
    close $in;
}
die "no rows in @inputs\n" unless $rows;

open my $fh, '>:raw', $out or die "$out: $!\n";
$tree->write_tree($fh);
close $fh or die "$out: $!\n";

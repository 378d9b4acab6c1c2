#include "filter/parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "filter_test_util.hpp"

namespace netmeter::filter {
namespace {

using test::error_of;
using test::parsed;

std::string canonical(std::string_view text) {
  return to_string(parsed(text));
}

TEST(FilterParser, SpecExamples) {
  Expression e = parsed("ip==192.168.1.10 and ip==192.168.1.20 and l4Protocol==TCP and port==443");
  ASSERT_EQ(e.kind, Expression::Kind::And);
  ASSERT_EQ(e.operands.size(), 4u);
  EXPECT_EQ(e.operands[0].comparison.field, Field::Ip);
  EXPECT_EQ(std::get<IpValue>(e.operands[1].comparison.value).network.network, test::ip("192.168.1.20"));
  EXPECT_EQ(std::get<L4Value>(e.operands[2].comparison.value).protocol, 6);
  EXPECT_EQ(std::get<PortValue>(e.operands[3].comparison.value).port, 443);

  Expression r = parsed("portrange == 80,100-120,-10,65000-");
  ASSERT_EQ(r.kind, Expression::Kind::Compare);
  EXPECT_EQ(r.comparison.field, Field::PortRange);
  EXPECT_EQ(std::get<PortListValue>(r.comparison.value).ranges,
            (std::vector<PortRange>{{80, 80}, {100, 120}, {0, 10}, {65000, 65535}}));
}

TEST(FilterParser, AndBindsTighterThanOr) {
  EXPECT_EQ(canonical("port==1 or port==2 and port==3"), "port == 1 or (port == 2 and port == 3)");
  EXPECT_EQ(canonical("port==1 and port==2 or port==3"), "(port == 1 and port == 2) or port == 3");
  EXPECT_EQ(canonical("port==1 && port==2 || port==3 && port==4"),
            "(port == 1 and port == 2) or (port == 3 and port == 4)");
  EXPECT_EQ(canonical("(port==1 or port==2) and port==3"), "(port == 1 or port == 2) and port == 3");
  EXPECT_EQ(canonical("port==1 and (port==2 or port==3)"), "port == 1 and (port == 2 or port == 3)");
}

TEST(FilterParser, ChainsAreFlatAndGroupsKeepTheirShape) {
  Expression chain = parsed("port==1 or port==2 or port==3");
  ASSERT_EQ(chain.kind, Expression::Kind::Or);
  EXPECT_EQ(chain.operands.size(), 3u);
  Expression grouped = parsed("(port==1 or port==2) or port==3");
  ASSERT_EQ(grouped.kind, Expression::Kind::Or);
  EXPECT_EQ(grouped.operands.size(), 2u);
  EXPECT_EQ(grouped.operands[0].kind, Expression::Kind::Or);
  // Redundant parentheses around a single comparison or the whole expression add nothing.
  EXPECT_EQ(parsed("((port==1))"), parsed("port==1"));
  EXPECT_EQ(parsed("(port==1 and port==2)"), parsed("port==1 and port==2"));
}

TEST(FilterParser, NotNeedsParentheses) {
  Expression n = parsed("!(port==22)");
  ASSERT_EQ(n.kind, Expression::Kind::Not);
  EXPECT_EQ(n.operands.front(), parsed("port==22"));
  EXPECT_EQ(parsed("! ( port==22 )"), n);
  EXPECT_EQ(canonical("!(port==1 or port==2) and !(!(port==3))"),
            "!(port == 1 or port == 2) and !(!(port == 3))");

  ParseError e = error_of("!port==22");
  EXPECT_EQ(e.column, 2u);
  EXPECT_NE(e.message.find("'!' must be followed by '('"), std::string::npos) << e.message;
  EXPECT_EQ(error_of("ip==1.2.3.4 and !").column, 18u);
  ParseError word = error_of("port==1 and NOT (port==22)");
  EXPECT_EQ(word.column, 13u);
  EXPECT_EQ(word.message, "NOT is written !( ... )");
}

TEST(FilterParser, KeywordsFieldsAndOperatorsIgnoreCase) {
  EXPECT_EQ(parsed("IP==10.0.0.1 AND Port EQ 80 oR L4PROTOCOL==tcp aNd DPI NE tls"),
            parsed("ip==10.0.0.1 and port==80 or l4Protocol==TCP and dpi!=tls"));
  EXPECT_EQ(parsed("SrcIp==10.0.0.1"), parsed("srcip==10.0.0.1"));
  EXPECT_EQ(parsed("vlan==NONE"), parsed("vlan==none"));
  EXPECT_EQ(parsed("mac==02:00:00:00:00:0A"), parsed("mac==02:00:00:00:00:0a"));
}

TEST(FilterParser, EveryOperatorSpelling) {
  struct Case {
    const char* text;
    Op op;
  };
  for (const Case& c : {Case{"port==1", Op::Eq}, Case{"port eq 1", Op::Eq}, Case{"port!=1", Op::Ne},
                        Case{"port ne 1", Op::Ne}, Case{"port===1", Op::Exact}, Case{"port<1", Op::Lt},
                        Case{"port<=1", Op::Le}, Case{"port>1", Op::Gt}, Case{"port>=1", Op::Ge},
                        Case{"dpi~you", Op::Approx}}) {
    Expression e = parsed(c.text);
    EXPECT_EQ(e.comparison.op, c.op) << c.text;
  }
}

TEST(FilterParser, BlanksAreOptionalAroundOperatorsAndSymbols) {
  const Expression expected = parsed("ip == 10.0.0.1 and (port == 80 or port == 443)");
  EXPECT_EQ(parsed("ip==10.0.0.1&&(port==80||port==443)"), expected);
  EXPECT_EQ(parsed("  ip\t==\n10.0.0.1\r\n and(port ==80)||port== 443 "),
            parsed("ip==10.0.0.1 and port==80 or port==443"));
  EXPECT_EQ(parsed("(ip==10.0.0.1)and(port==80)"), parsed("ip==10.0.0.1 and port==80"));
}

TEST(FilterParser, QuotedValues) {
  EXPECT_EQ(std::get<DpiValue>(parsed("dpi == \"Amazon AWS\"").comparison.value).name, "Amazon AWS");
  EXPECT_EQ(parsed("ip==\"10.0.0.1\""), parsed("ip==10.0.0.1"));
  EXPECT_EQ(parsed("portrange==\"80, 100-120\""), parsed("portrange==80,100-120"));
  // Inside quotes the operator characters are plain text.
  EXPECT_EQ(std::get<DpiValue>(parsed("dpi==\"a&&b||(c)!=~\"").comparison.value).name, "a&&b||(c)!=~");
  ParseError e = error_of("dpi == \"Amazon AWS");
  EXPECT_EQ(e.column, 8u);
  EXPECT_NE(e.message.find("missing closing"), std::string::npos);
}

TEST(FilterParser, PercentTwentyIsASpace) {
  EXPECT_EQ(parsed("ip==10.0.0.1%20and%20port%20==%2080"), parsed("ip==10.0.0.1 and port==80"));
  EXPECT_EQ(std::get<DpiValue>(parsed("dpi==\"Amazon%20AWS\"").comparison.value).name, "Amazon AWS");
  // No other percent sequence is decoded: %3D is not '='.
  EXPECT_EQ(error_of("ip%3D%3D10.0.0.1").column, 3u);
}

TEST(FilterParser, ErrorsSayWhatAndWhere) {
  struct Case {
    const char* text;
    size_t column;
    const char* says;
  };
  const Case cases[] = {
      {"ip==1.2.3.256", 5, "invalid IP address '1.2.3.256'"},
      {"ip==1.2.3.4:70000", 5, "invalid IP address"},
      {"ip==[::1]:80x", 5, "invalid IP address"},
      {"port==65536", 7, "invalid port '65536'"},
      {"port==80,443", 7, "use portrange"},
      {"port==-1", 7, "invalid port"},
      {"portrange==120-100", 12, "invalid port range list"},
      {"portrange==80,,90", 12, "invalid port range list"},
      {"portrange==-", 12, "invalid port range list"},
      {"mac==02:00:00:00:00", 6, "invalid MAC address"},
      {"mac<02:00:00:00:00:0a", 4, "operator '<' is not supported for field 'mac' (use ==, !=, ===)"},
      {"ip>10.0.0.1", 3, "operator '>' is not supported for field 'ip'"},
      {"port~80", 5, "operator '~' is not supported for field 'port'"},
      {"l4Protocol<=6", 11, "operator '<=' is not supported"},
      {"dpi>tls", 4, "operator '>' is not supported for field 'dpi' (use ==, !=, ===, ~)"},
      {"vlan==4096", 7, "invalid VLAN '4096'"},
      {"vlan<none", 6, "'none' can only be compared"},
      {"l4Protocol==FOO", 13, "unknown L4 protocol 'FOO'"},
      {"l4Protocol==256", 13, "unknown L4 protocol"},
      {"dpi==\"\"", 6, "empty value"},
      {"foo==1", 1, "unknown field 'foo'"},
      {"ip=10.0.0.1", 3, "use '==' to compare"},
      {"ip equals 10.0.0.1", 4, "expected a comparison operator"},
      {"ip", 3, "expected a comparison operator, but the expression ended"},
      {"ip==", 5, "expected a value, but the expression ended"},
      {"ip==)", 5, "expected a value, found ')'"},
      {"ip==10.0.0.1 and", 17, "but the expression ended"},
      {"ip==10.0.0.1 port==80", 14, "expected 'and', 'or' or the end, found 'port'"},
      {"(ip==10.0.0.1", 14, "expected ')' to close the '(' at column 1, but the expression ended"},
      {"ip==10.0.0.1)", 13, "unbalanced ')'"},
      {"ip==10.0.0.1 and ()", 19, "expected a comparison (field op value), '(' or '!(', found ')'"},
      {"or port==1", 1, "expected a comparison"},
      {"ip==10.0.0.1 & port==1", 14, "use '&&' or 'and', not '&'"},
      {"ip==10.0.0.1 | port==1", 14, "use '||' or 'or', not '|'"},
      {"ip==10.0.0.1 # comment", 14, "unexpected character '#'"},
      {"ip==10.0.0.1\x01", 13, "unexpected byte 0x01"},
      {"dpi==caf\xc3\xa9", 9, "unexpected byte 0xc3"},
      {"dpi==\"caf\xc3\xa9\"", 10, "unexpected byte 0xc3"},
      {"", 1, "empty expression"},
      {" \t%20 ", 1, "empty expression"},
  };
  for (const Case& c : cases) {
    ParseError e = error_of(c.text);
    EXPECT_EQ(e.column, c.column) << c.text << " -> " << e.to_string();
    EXPECT_NE(e.message.find(c.says), std::string::npos) << c.text << " -> " << e.to_string();
  }
}

TEST(FilterParser, NulBytesAreErrorsNotTerminators) {
  const std::string text("port==80\0 or port==1", 20);
  ParseError e = error_of(text);
  EXPECT_EQ(e.column, 9u);
  EXPECT_NE(e.message.find("0x00"), std::string::npos);
}

TEST(FilterParser, ErrorMessagesQuoteAtMostFortyCharacters) {
  ParseError e = error_of("dpi==x and " + std::string(100, 'f') + "==1");
  EXPECT_NE(e.message.find("'" + std::string(40, 'f') + "...'"), std::string::npos) << e.message;
  EXPECT_EQ(e.to_string().rfind("column 12: unknown field", 0), 0u) << e.to_string();
}

TEST(FilterParser, LengthLimit) {
  std::string text = "port==1";
  while (text.size() + 11 <= kMaxExpressionLength)
    text += " or port==1";
  text.resize(kMaxExpressionLength, ' ');
  EXPECT_TRUE(parse(text));
  text += ' ';
  ParseError e = error_of(text);
  EXPECT_EQ(e.column, kMaxExpressionLength + 1);
  EXPECT_NE(e.message.find("longer than 4096 bytes"), std::string::npos);
}

TEST(FilterParser, DepthLimit) {
  auto nested = [](int depth, const std::string& open) {
    std::string t;
    for (int i = 0; i < depth; ++i)
      t += open;
    t += "port==1";
    return t + std::string(static_cast<size_t>(depth), ')');
  };
  EXPECT_TRUE(parse(nested(kMaxNestingDepth, "(")));
  EXPECT_TRUE(parse(nested(kMaxNestingDepth, "!(")));
  ParseError e = error_of(nested(kMaxNestingDepth + 1, "("));
  EXPECT_EQ(e.column, static_cast<size_t>(kMaxNestingDepth + 1));
  EXPECT_NE(e.message.find("nesting deeper than 64 levels"), std::string::npos);
  EXPECT_EQ(error_of(nested(kMaxNestingDepth + 1, "!(")).column,
            static_cast<size_t>(2 * kMaxNestingDepth + 2));
  // Deep but unbalanced input stops at the limit, not at the end of the text.
  EXPECT_EQ(error_of(std::string(4000, '(')).column, static_cast<size_t>(kMaxNestingDepth + 1));
  // Siblings do not add up: depth is the nesting, not the number of groups.
  std::string siblings = "(port==1)";
  for (int i = 0; i < 100; ++i)
    siblings += " or (port==1)";
  EXPECT_TRUE(parse(siblings));
}

TEST(FilterParser, PrintedTreesParseBackEqual) {
  const char* texts[] = {
      "ip==10.0.0.1",
      "ip==10.0.0.0/8",
      "ip==10.1.2.3/8",
      "ip==10.0.0.1:443 or ip==[2001:db8::1]:443 or ip==[2001:db8::/32]:80 or ip==10.0.0.0/8:53",
      "ip==2001:db8::1 and ip==::ffff:1.2.3.4 and ip==::/0 and ip==[::1]",
      "srcip==10.0.0.1 and dstip!=10.0.0.2",
      "port==0 or port>=1024 and srcport<80 or dstport>65534 or port<=5 or port===7",
      "portrange==80,100-120,-10,65000- and srcportrange!=1-2 and dstportrange===0-65535",
      "mac==aa-bb-cc-dd-ee-ff or srcmac==aabb.ccdd.eeff or dstmac==1:2:3:4:5:6",
      "vlan==none or vlan!=10 or vlan<4095 or vlan===0",
      "l4Protocol==tcp or l4Protocol==17 or l4Protocol==250 or l4Protocol===icmpv6",
      "dpi==TLS or dpi===TLS.YouTube or dpi~tube or dpi==\"Amazon AWS\" or dpi==\"a&b\" or dpi==and",
      "!(ip==10.0.0.1 and (port==1 or !(port==2))) or ((vlan==3))",
      "(port==1 and port==2) and port==3",
  };
  for (const char* text : texts) {
    Expression e = parsed(text);
    const std::string printed = to_string(e);
    EXPECT_EQ(parsed(printed), e) << text << " printed as " << printed;
    EXPECT_EQ(to_string(parsed(printed)), printed);
  }
  EXPECT_EQ(canonical("IP==10.1.2.3/8 AND Port eq 80"), "ip == 10.0.0.0/8 and port == 80");
  EXPECT_EQ(canonical("ip==[2001:DB8::1]:443"), "ip == [2001:db8::1]:443");
  EXPECT_EQ(canonical("portrange==-10,65000-,7-7"), "portrange == 0-10,65000-65535,7");
  EXPECT_EQ(canonical("l4Protocol==6 or l4Protocol==udp or l4Protocol==253"),
            "l4Protocol == TCP or l4Protocol == UDP or l4Protocol == 253");
  EXPECT_EQ(canonical("dpi==\"Amazon%20AWS\""), "dpi == \"Amazon AWS\"");
}

TEST(FilterParser, CountsAndFieldUse) {
  Expression e = parsed("ip==10.0.0.1 and (port==80 or !(dpi==tls))");
  EXPECT_EQ(comparison_count(e), 3u);
  EXPECT_TRUE(uses_field(e, Field::Dpi));
  EXPECT_FALSE(uses_field(e, Field::Mac));
}

}  // namespace
}  // namespace netmeter::filter

// IsSsmlDocument: a real XML parser's verdict on an SSML answer, for tests.
// libxml2 (Debian's libxml2-dev, found with pkg-config) parses the text; the
// document must be well-formed, its root <speak version="1.1"
// xml:lang="en-US"> in the SSML namespace, and every element one of the
// SSML elements the IVR answer uses, in that namespace.
//
//   EXPECT_TRUE(IsSsmlDocument(response.speech().ssml()));
//
// Thread-compatible (libxml2 keeps its last error per thread).
#ifndef RXLOCATOR_TESTS_SERVER_SSML_CHECK_H_
#define RXLOCATOR_TESTS_SERVER_SSML_CHECK_H_

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace rxlocator {

inline constexpr char kSsmlNamespace[] = "http://www.w3.org/2001/10/synthesis";

namespace ssml_check_internal {

inline std::string Prop(xmlNode* node, const char* name, const char* ns) {
  xmlChar* value =
      ns == nullptr
          ? xmlGetNoNsProp(node, reinterpret_cast<const xmlChar*>(name))
          : xmlGetNsProp(node, reinterpret_cast<const xmlChar*>(name),
                         reinterpret_cast<const xmlChar*>(ns));
  if (value == nullptr) return "<none>";
  std::string text(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return text;
}

// The first element under `node` (itself included) that is not an SSML
// element the answer may use, or "" when all are.
inline std::string StrayElement(xmlNode* node) {
  for (; node != nullptr; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    const std::string name(reinterpret_cast<const char*>(node->name));
    const bool ssml =
        node->ns != nullptr && node->ns->href != nullptr &&
        std::string(reinterpret_cast<const char*>(node->ns->href)) ==
            kSsmlNamespace;
    if (!ssml || (name != "speak" && name != "p" && name != "s" &&
                  name != "say-as" && name != "break")) {
      return name;
    }
    if (std::string stray = StrayElement(node->children); !stray.empty()) {
      return stray;
    }
  }
  return "";
}

}  // namespace ssml_check_internal

inline ::testing::AssertionResult IsSsmlDocument(const std::string& ssml) {
  using ssml_check_internal::Prop;
  xmlResetLastError();
  std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> doc(
      xmlReadMemory(ssml.data(), static_cast<int>(ssml.size()), "answer.ssml",
                    "UTF-8",
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
      xmlFreeDoc);
  if (doc == nullptr) {
    const xmlError* error = xmlGetLastError();
    return ::testing::AssertionFailure()
           << "not well-formed XML (libxml2: "
           << (error != nullptr && error->message != nullptr ? error->message
                                                             : "no message")
           << "): " << ssml;
  }
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr ||
      std::string(reinterpret_cast<const char*>(root->name)) != "speak") {
    return ::testing::AssertionFailure() << "the root is not <speak>: " << ssml;
  }
  if (const std::string stray = ssml_check_internal::StrayElement(root);
      !stray.empty()) {
    return ::testing::AssertionFailure()
           << "<" << stray
           << "> is not an SSML element of the answer: " << ssml;
  }
  if (Prop(root, "version", nullptr) != "1.1" ||
      Prop(root, "lang", "http://www.w3.org/XML/1998/namespace") != "en-US") {
    return ::testing::AssertionFailure()
           << "<speak> is not version 1.1 in en-US: " << ssml;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTS_SERVER_SSML_CHECK_H_

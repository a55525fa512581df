// ~100 real reference texts for the citation benchmark (bench_citation.cpp), compiled in: the
// benchmarks never read tests/ at run time. Source: tests/data/citations/pubmed_xml_citations.tsv,
// the `text` column (the <Reference><Citation> texts of metapub/metapub's real PubMed efetch XML,
// snapshot a87271283e191207053967760caa7c1d0c8b23e2, Apache-2.0; see
// tests/data/citations/README.md), rows i*327/100 for i = 0..99 of its 327 (integer division),
// unchanged (UTF-8). Styles: vancouver 61, other 14, apa 11, ama 8, web 3, book 2, conference 1;
// 19,629 bytes in all (196 bytes per text). Each entry's comment names its row's `source`
// (repository:path#reference).
#pragma once

#include <array>
#include <string_view>

namespace bench {

inline constexpr std::array<std::string_view, 100> kCitationSamples = {
    // metapub/metapub:tests/fixtures/pmid_xml/24349601.xml#12 (vancouver)
    "Canli T, Lesch K. Long story short: the serotonin transporter in emotion regulation and "
    "social cognition. Nature Neuroscience. 2007;10(9):1103–1109.",
    // metapub/metapub:tests/fixtures/pmid_xml/24349601.xml#30 (vancouver)
    "Echenique F, Fryer RG. A measure of segregation based on social interactions. Quarterly "
    "Journal of Economics. 2007;122(2):441–485.",
    // metapub/metapub:tests/fixtures/pmid_xml/24349601.xml#48 (vancouver)
    "Harris KM, Halpern CT, Smolen A, Haberstick BC. The national longitudinal study of adolescent "
    "health (add health) twin data. Twin Research and Human Genetics. 2006;9(6):988–997.",
    // metapub/metapub:tests/fixtures/pmid_xml/24808625.xml#4 (vancouver)
    "Kalman M, Ben-Tal N. Quality assessment of protein model-structures using evolutionary "
    "conservation. Bioinformatics. 2010;26(10):526–531.",
    // metapub/metapub:tests/fixtures/pmid_xml/24808625.xml#11 (vancouver)
    "McGuffin LJ, Roche DB. Rapid model quality assessment for protein structure predictions using "
    "the comparison of multiple models without structural alignments. Bioinformatics. "
    "2010;26(2):182–188.",
    // metapub/metapub:tests/fixtures/pmid_xml/25364329.xml#15 (vancouver)
    "Detwiler P W, Porter R W, Crawford N R, Apostolides P J, Dickman C A. Lumbosacral junction "
    "fixation and fusion after complete L-5 spondylectomy. Case report. Neurosurg Focus. "
    "1999;7(6):e3.",
    // metapub/metapub:tests/fixtures/pmid_xml/25364329.xml#29 (vancouver)
    "Leggon R E, Zlotecki R, Reith J, Scarborough M T. Giant cell tumor of the pelvis and sacrum: "
    "17 cases and analysis of the literature. Clin Orthop Relat Res. 2004;(423):196–207.",
    // metapub/metapub:tests/fixtures/pmid_xml/26568896.xml#12 (vancouver)
    "Trouiller B, Reliene R, Westbrook A, Solaimani P, Schiestl RH. Titanium dioxide nanoparticles "
    "induce DNA damage and genetic instability in vivo in mice. Cancer Res. 2009;69:8784–8789.",
    // metapub/metapub:tests/fixtures/pmid_xml/26568896.xml#40 (vancouver)
    "Warheit DB. How meaningful are the results of nanotoxicity studies in the absence of adequate "
    "material characterization? Toxicol Sci. 2008;101:183–185.",
    // metapub/metapub:tests/fixtures/pmid_xml/29226023.xml#12 (vancouver)
    "Turker SB, Biskin T. The effect of bleaching agents on the micro hardness of dental aesthetic "
    "restorative materials. J Oral Rehabil. 2005;29:657–661.",
    // metapub/metapub:tests/fixtures/pmid_xml/30386702.xml#2 (vancouver)
    "April J, Mayden R, Hanner R, Bernatchez L. Genetic calibration of species diversity among "
    "North America’s freshwater fishes. Proceedings of the National Academy of Sciences of the "
    "United States of America. 2011;108:10602–10607. doi: 10.1073/pnas.1016437108.",
    // metapub/metapub:tests/fixtures/pmid_xml/30386702.xml#26 (vancouver)
    "Hubert N, Delrieu-Trottin E, Irisson JO, Meyer C, Planes S. Identifying coral reef fish "
    "larvae through DNA barcoding: a test case with the families Acanthuridae and Holocentridae. "
    "Molecular Phylogenetics and Evolution. 2010;55:1195–1203. doi: 10.1016/j.ympev.2010.02.023.",
    // metapub/metapub:tests/fixtures/pmid_xml/32051057.xml#202 (web)
    "Anonymous (2019) GeneTree Image. "
    "http://www.ensembl.org/Multi/GeneTree/Image?gt=ENSGT00940000154155 (accessed August 2019).",
    // metapub/metapub:tests/fixtures/pmid_xml/32743745.xml#7 (other)
    "Banerjee G, Adams ME, Jaunmuktane Z, Alistair Lammie G, Turner B, Wani M et al (2019) Early "
    "onset cerebral amyloid angiopathy following childhood exposure to cadaveric dura. Ann Neurol "
    "85:284–290. https://doi.org/10.1002/ana.25407",
    // metapub/metapub:tests/fixtures/pmid_xml/32743745.xml#30 (other)
    "Crook R, Verkkoniemi A, Perez-Tur J, Mehta N, Baker M, Houlden H et al (1998) A variant of "
    "Alzheimer's disease with spastic paraparesis and unusual plaques due to deletion of exon 9 of "
    "presenilin 1. Nat Med 4:452–455. https://doi.org/10.1038/nm0498-452",
    // metapub/metapub:tests/fixtures/pmid_xml/32743745.xml#132 (other)
    "Nystrom S, Psonka-Antonczyk KM, Ellingsen PG, Johansson LB, Reitan N, Handrick S et al (2013) "
    "Evidence for age-dependent in vivo conformational rearrangement within Abeta amyloid "
    "deposits. ACS Chem Biol 8:1128–1133. https://doi.org/10.1021/cb4000376",
    // metapub/metapub:tests/fixtures/pmid_xml/32743745.xml#179 (other)
    "Telling GC, Parchi P, DeArmond SJ, Cortelli P, Montagna P, Gabizon R et al (1996) Evidence "
    "for the conformation of the pathologic isoform of the prion protein enciphering and "
    "propagating prion diversity. Science 274:2079–2082. "
    "https://doi.org/10.1126/science.274.5295.2079",
    // metapub/metapub:tests/fixtures/pmid_xml/32743745.xml#197 (other)
    "Zhang R, Hu X, Khant H, Ludtke SJ, Chiu W, Schmid MF et al (2009) Interprotofilament "
    "interactions between Alzheimer's Abeta1-42 peptides in amyloid fibrils revealed by cryoEM. "
    "Proc Natl Acad Sci USA 106:4653–4658. https://doi.org/10.1073/pnas.0901085106",
    // metapub/metapub:tests/fixtures/pmid_xml/33474827.xml#12 (vancouver)
    "Filipowicz W, Pogacic V. Biogenesis of small nucleolar ribonucleoproteins. Curr Opin Cell "
    "Biol. 2002;14(3):319–27.",
    // metapub/metapub:tests/fixtures/pmid_xml/33786689.xml#1 (vancouver)
    "De Maria GL, Scarsini R, Shanmuganathan M, Kotronias RA, Terentes-Printzios D, Borlotti A, et "
    "al. Angiography-derived index of microcirculatory resistance as a novel, pressure-wire-free "
    "tool to assess coronary microcirculation in ST elevation myocardial infarction. Int J "
    "Cardiovasc Imaging. 2020;107:3129–12. doi: 10.1007/s10554-020-01831-7.",
    // metapub/metapub:tests/fixtures/pmid_xml/33786689.xml#6 (vancouver)
    "Tian J, Liu C, Yang Y, Yu S, Yang J, Zhang J, et al. Effects of baseline heart rate at sea "
    "level on cardiac responses to high-altitude exposure. Int J Cardiovasc Imaging. "
    "2020;36:799–810. doi: 10.1007/s10554-020-01769-w.",
    // metapub/metapub:tests/fixtures/pmid_xml/33889184.xml#58 (vancouver)
    "Pearce JM. Sir Thomas Clifford Allbutt. J Neurol Neurosurg Psychiatry. 2003 Oct;74(10):1443.",
    // metapub/metapub:tests/fixtures/pmid_xml/33889184.xml#97 (vancouver)
    "Waage A, Espevik T, Lamvik J. Detection of tumour necrosis factor-like cytotoxicity in serum "
    "from patients with septicaemia but not from untreated cancer patients. Scand J Immunol. 1986 "
    "Dec;24(6):739–743.",
    // metapub/metapub:tests/fixtures/pmid_xml/33967209.xml#13 (vancouver)
    "Rossello X, Vila M, Rivas-Lasarte M, et al. Impact of Pulmonary Artery Catheter Use on Short- "
    "and Long-Term Mortality in Patients with Cardiogenic Shock. Cardiology 2017;136:61–69.",
    // metapub/metapub:tests/fixtures/pmid_xml/34707797.xml#5 (vancouver)
    "Dicianno BE, Joseph J, Eckstein S, Zigler CK, Quinby E, Schmeler MR, Schein RM, Pearlman J, "
    "Cooper RA. The voice of the consumer: a survey of veterans and other users of assistive "
    "technology. Mil Med. 2018;183(11-12):e518–e525.",
    // metapub/metapub:tests/fixtures/pmid_xml/34707797.xml#20 (vancouver)
    "Duvall J, Sinagra E, Cooper RA, Pearlman J. Proposed pedestrian pathway roughness thresholds "
    "to ensure safety and comfort for wheelchair users. Assist Technol. 2016;28(4):209–215.",
    // metapub/metapub:tests/fixtures/pmid_xml/35095222.xml#28 (vancouver)
    "Pierce M, Millar T, Robertson JR, Bird SM. Ageing opioid users’ increased risk of "
    "methadone-specific death in the UK. International Journal of Drug Policy. 2018;55:121–127. "
    "doi: 10.1016/j.drugpo.2018.02.005.",
    // metapub/metapub:tests/fixtures/pmid_xml/35108047.xml#2 (other)
    "Cooper B. G., Bordeianu C., Nazarian A., Snyder B. D., Grinstaff M. W., Active agents, "
    "biomaterials, and technologies to improve biolubrication and strengthen soft tissues. "
    "Biomaterials 181, 210–226 (2018).",
    // metapub/metapub:tests/fixtures/pmid_xml/35123456.xml#26 (vancouver)
    "Hess RJ, Brach JS, Piva SR, VanSwearingen JM. Walking skill can be assessed in older adults: "
    "validity of the Figure-of-8 Walk Test. Phys Ther. 2010;90(1):89–99. doi: "
    "10.2522/ptj.20080121.",
    // metapub/metapub:tests/fixtures/pmid_xml/35123456.xml#47 (vancouver)
    "Lexell JE, Downham DY. How to assess the reliability of measurements in rehabilitation. Am J "
    "Phys Med Rehabil. 2005;84(9):719–723. doi: 10.1097/01.phm.0000176452.17771.20.",
    // metapub/metapub:tests/fixtures/pmid_xml/35195805.xml#22 (other)
    "Guo Q, Zhao J, Huang B, Yuan D, Yang Y, Zeng G et al (2016) A systematic review of ultrasound "
    "or magnetic resonance imaging compared with computed tomography for endoleak detection and "
    "aneurysm diameter measurement after endovascular aneurysm repair. J Endovasc Ther "
    "23(6):936–943. https://doi.org/10.1177/1526602816664878",
    // metapub/metapub:tests/fixtures/pmid_xml/35354777.xml#164 (vancouver)
    "Wani S, Sharma P. Challenges with endoscopic therapy for Barrett’s esophagus. Gastroenterol "
    "Clin North Am 2015;44:355–72.",
    // metapub/metapub:tests/fixtures/pmid_xml/35354777.xml#223 (vancouver)
    "Cotton CC, Haidry R, Thrift AP, et al. Development of evidence-based surveillance intervals "
    "after radiofrequency ablation of Barrett’s esophagus. Gastroenterology 2018;155:316–26.",
    // metapub/metapub:tests/fixtures/pmid_xml/35358095.xml#20 (vancouver)
    "Maugeri N, et al. Activated platelets present high mobility group box 1 to neutrophils, "
    "inducing autophagy and promoting the extrusion of neutrophil extracellular traps. J Thromb "
    "Haemost. 2014;12(12):2074–2088. doi: 10.1111/jth.12710.",
    // metapub/metapub:tests/fixtures/pmid_xml/35573891.xml#6 (vancouver)
    "Engbersen M, et al. Comparison of whole-body MRI and 68Ga-DOTATATE PET-CT findings in "
    "patients with suspected peritoneal metastases from neuroendocrine tumors. Journal of "
    "Neuroendocrinology. 2021;33:120.",
    // metapub/metapub:tests/fixtures/pmid_xml/35573891.xml#31 (vancouver)
    "Salama HM, et al. CSMCSM: Client-Server Model for Comprehensive Security in MANETs. "
    "International Journal of Information Security and Privacy. 2021;15(1):44–64.",
    // metapub/metapub:tests/fixtures/pmid_xml/35592492.xml#20 (ama)
    "Lalor J. Street children: a comparative perspective. Child Abuse Negl. 1999;23(8):759–770. "
    "doi:10.1016/S0145-2134(99)00047-2",
    // metapub/metapub:tests/fixtures/pmid_xml/35679569.xml#1 (vancouver)
    "Ellis W, Dietz WH, Chen KD. Community resilience: a dynamic model for Public Health 3.0. J "
    "Public Health Manag Pract. 2022;28(suppl 1):S18–S26. doi: 10.1097/PHH.0000000000001413.",
    // metapub/metapub:tests/fixtures/pmid_xml/35726897.xml#4 (vancouver)
    "Wolfe F, Brähler E, Hinz A, Häuser W. Fibromyalgia prevalence, somatic symptom reporting, and "
    "the dimensionality of polysymptomatic distress: results from a survey of the general "
    "population. Arthritis Care Res (Hoboken) 2013;65:777–85.",
    // metapub/metapub:tests/fixtures/pmid_xml/35767459.xml#49 (vancouver)
    "Sugiura Y, Takeo E, Shimma S, Yokota M, Higashi T, Seki T, Mizuno Y, Oya M, Kosaka T, Omura "
    "M, Nishikawa T, Suematsu M, Nishimoto K. Aldosterone and 18-oxocortisol coaccumulation in "
    "aldosterone-producing lesions. Hypertension 2018; 72:1345–1354.",
    // metapub/metapub:tests/fixtures/pmid_xml/35767459.xml#295 (vancouver)
    "Agarwal R, Rossignol P, Romero A, Garza D, Mayo MR, Warren S, Ma J, White WB, Williams B. "
    "Patiromer versus placebo to enable spironolactone use in patients with resistant hypertension "
    "and chronic kidney disease (AMBER): a phase 2, randomised, double-blind, placebo-controlled "
    "trial. Lancet 2019; 394:1540–1550.",
    // metapub/metapub:tests/fixtures/pmid_xml/36096127.xml#23 (other)
    "O’Connell J and Bazalova-Carter M (2021) ‘fastCAT: Fast cone beam CT (CBCT) simulation’, "
    "Medical Physics, 48(8), pp. 4448–4458. Available at: 10.1002/mp.15007.",
    // metapub/metapub:tests/fixtures/pmid_xml/36156117.xml#13 (vancouver)
    "Burki T. The origin of SARS-CoV-2 variants of concern. Lancet Infect Dis 2022; 22:174–5.",
    // metapub/metapub:tests/fixtures/pmid_xml/36187464.xml#19 (vancouver)
    "Egger DW, Deming DD, Hamada N, Perkin RM, Sahney S. Evaluation of the safety of short-acting "
    "nifedipine in children with hypertension. Pediatr Nephrol. 2002;17:35–40.",
    // metapub/metapub:tests/fixtures/pmid_xml/36577847.xml#2 (vancouver)
    "Grossman A, Grossman E. Blood pressure control in type 2 diabetic patients. Cardiovasc "
    "Diabetol. 2017;16:3.",
    // metapub/metapub:tests/fixtures/pmid_xml/36577847.xml#15 (vancouver)
    "Krishnan SM, Ling YH, Huuskes BM, Ferens DM, Saini N, Chan CT, et al. Pharmacological "
    "inhibition of the NLRP3 inflammasome reduces blood pressure, renal damage, and dysfunction in "
    "salt-sensitive hypertension. Cardiovasc Res. 2019;115:776–87.",
    // metapub/metapub:tests/fixtures/pmid_xml/36635930.xml#36 (vancouver)
    "Taubman A. The international patent system and biomedical research: reconciling aspiration, "
    "policy and practice. AAPS J. 2008;10(4):526–536. doi: 10.1208/s12248-008-9049-0.",
    // metapub/metapub:tests/fixtures/pmid_xml/36644330.xml#4 (vancouver)
    "Safarova MS, Kullo IJ. My approach to the patient with familial hypercholesterolemia. Mayo "
    "Clin Proc 2016;91(06):770–786",
    // metapub/metapub:tests/fixtures/pmid_xml/36644330.xml#10 (vancouver)
    "Hasnie AA, Kumbamu A, Safarova MS, Caraballo PJ, Kullo IJ. A clinical decision support tool "
    "for familial hypercholesterolemia based on physician input. Mayo Clin Proc Innov Qual "
    "Outcomes 2018;2(02):103–112",
    // metapub/metapub:tests/fixtures/pmid_xml/36727757.xml#22 (vancouver)
    "Wan YD, Zhu RX, Bian ZZ, Sun TW. Effect of probiotics on length of hospitalization in mild "
    "acute pancreatitis: a randomized, double-blind, placebo-controlled trial. World J "
    "Gastroenterol 2021; 27:224–232.",
    // metapub/metapub:tests/fixtures/pmid_xml/36873252.xml#64 (ama)
    "Hopfinger G, Jager U, Worel N. CAR-T cell therapy in diffuse large B cell lymphoma: hype and "
    "hope. Hemasphere. 2019;3(2):e185. doi:10.1097/HS9.0000000000000185",
    // metapub/metapub:tests/fixtures/pmid_xml/36873252.xml#88 (ama)
    "Furqan F, Hamadani M. Loncastuximab tesirine in relapsed or refractory diffuse large B-cell "
    "lymphoma: a review of clinical data. Ther Adv Hematol. 2022;13:1554005271. "
    "doi:10.1177/20406207221087511",
    // metapub/metapub:tests/fixtures/pmid_xml/37065682.xml#76 (book)
    "Johnston L & Longhurst R (2010). Space, place, and sex: Geographies of sexualities. Lanham, "
    "MD: Rowman & Littlefield Publishers.",
    // metapub/metapub:tests/fixtures/pmid_xml/37693885.xml#106 (ama)
    "Li XY, Liang Z, Du JC, et al. Herbal decoctosome is a novel form of medicine. Sci China-Life "
    "Sci. 2019;62(3):333–348. doi:10.1007/s11427-018-9508-0",
    // metapub/metapub:tests/fixtures/pmid_xml/37693885.xml#153 (ama)
    "Naidoo V, Mdanda S, Ntshangase S, et al. Brain penetration of ketamine: intranasal delivery "
    "VS parenteral routes of administraion. J Psychiatr Res. 2019;112:7–11. "
    "doi:10.1016/j.jpsychires.2019.02.003",
    // metapub/metapub:tests/fixtures/pmid_xml/37729413.xml#24 (other)
    "Rock P. L., Roiser J. P., Riedel W. J., Blackwell A. D., Cognitive impairment in depression: "
    "A systematic review and meta-analysis. Psychol. Med. 44, 2029–2040 (2014).",
    // metapub/metapub:tests/fixtures/pmid_xml/37736107.xml#79 (ama)
    "Alió JL, Shabayek MH, Artola A. Intracorneal ring segments for keratoconus correction: "
    "long-term follow-up. J Cataract Refract Surg. 2006;32(6):978–985. "
    "doi:10.1016/j.jcrs.2006.02.044",
    // metapub/metapub:tests/fixtures/pmid_xml/37822558.xml#13 (ama)
    "Chen CC, Tseng CY, Choi WM, et al. Taiwan government-guided strategies contributed to "
    "combating and controlling COVID-19 pandemic. Front Public Health. 2020;8:547423. "
    "doi:10.3389/fpubh.2020.547423",
    // metapub/metapub:tests/fixtures/pmid_xml/37822558.xml#34 (ama)
    "Cheng TA, Wu JT, Chong MY, Williams P. Internal consistency and factor structure of the "
    "Chinese Health Questionnaire. Acta Psychiatr Scand. 1990;82:304–308. "
    "doi:10.1111/j.1600-0447.1990.tb01389.x",
    // metapub/metapub:tests/fixtures/pmid_xml/37903272.xml#13 (other)
    "Chen L., Yang P., Kijlstra A., Distribution, markers, and functions of retinal microglia. "
    "Ocular Immunol. Inflamm. 10, 27–39 (2002).",
    // metapub/metapub:tests/fixtures/pmid_xml/37903272.xml#45 (other)
    "Wachtmeister L., Oscillatory potentials in the retina: What do they reveal. Prog. Retinal Eye "
    "Res. 17, 485–521 (1998).",
    // metapub/metapub:tests/fixtures/pmid_xml/37905428.xml#33 (vancouver)
    "Vandevijvere S, De Ridder K, Fiolet T, et al. Consumption of ultra-processed food products "
    "and diet quality among children, adolescents and adults in Belgium. Eur J Nutr. 2019 Dec "
    "1;58(8):3267–78.",
    // metapub/metapub:tests/fixtures/pmid_xml/37905428.xml#73 (vancouver)
    "Martínez Steele E, Juul F, Neri D, et al. Dietary share of ultra-processed foods and "
    "metabolic syndrome in the US adult population. Prev Med. 2019 Aug 1;125:40–8.",
    // metapub/metapub:tests/fixtures/pmid_xml/37966116.xml#26 (vancouver)
    "Vazquez-Armendariz AI, et al. Multilineage murine stem cells generate complex organoids to "
    "model distal lung development and disease. EMBO J. 2020;39(21):e103476. doi: "
    "10.15252/embj.2019103476.",
    // metapub/metapub:tests/fixtures/pmid_xml/37966116.xml#151 (vancouver)
    "Rodgers IR, et al. Venous engorged tissue flaps treated with medicinal leeches. Ophthalmic "
    "Plast Reconstr Surg. 1992;8(4):271–277. doi: 10.1097/00002341-199212000-00006.",
    // metapub/metapub:tests/fixtures/pmid_xml/38011560.xml#44 (other)
    "Hardingham G. E., Bading H., Synaptic versus extrasynaptic NMDA receptor signalling: "
    "Implications for neurodegenerative disorders. Nat. Rev. Neurosci. 11, 682–696 (2010).",
    // metapub/metapub:tests/fixtures/pmid_xml/38011560.xml#214 (other)
    "Marek G. J., Wright R. A., Schoepp D. D., Monn J. A., Aghajanian G. K., Physiological "
    "antagonism between 5-hydroxytryptamine(2A) and group II metabotropic glutamate receptors in "
    "prefrontal cortex. J. Pharmacol. Exp. Ther 292, 76–87 (2000).",
    // metapub/metapub:tests/fixtures/pmid_xml/38147649.xml#67 (other)
    "Aitchison J., Barceló-Vidal C., Martín-Fernández J. A., Pawlowsky-Glahn V., Logratio analysis "
    "and compositional distance. Math. Geol. 32, 271–275 (2000).",
    // metapub/metapub:tests/fixtures/pmid_xml/38270460.xml#50 (apa)
    "Berchtold, D. and Walther, T.C. (2009) TORC2 plasma membrane localization is essential for "
    "cell viability and restricted to a distinct domain. Mol. Biol. Cell 20, 1565–1575 "
    "10.1091/mbc.e08-10-1001",
    // metapub/metapub:tests/fixtures/pmid_xml/38270460.xml#96 (apa)
    "Chiang, G.G. and Abraham, R.T. (2005) Phosphorylation of mammalian target of rapamycin (mTOR) "
    "at Ser-2448 is mediated by p70S6 kinase. J. Biol. Chem. 280, 25485–25490 "
    "10.1074/jbc.M501707200",
    // metapub/metapub:tests/fixtures/pmid_xml/38270460.xml#163 (apa)
    "Cohen, A., Kupiec, M. and Weisman, R. (2014) Glucose activates TORC2-Gad8 protein via "
    "positive regulation of the cAMP/cAMP-dependent protein kinase A (PKA) pathway and negative "
    "regulation of the Pmk1 protein-mitogen-activated protein kinase pathway. J. Biol. Chem. 289, "
    "21727–21737 10.1074/jbc.M114.573824",
    // metapub/metapub:tests/fixtures/pmid_xml/38270460.xml#241 (apa)
    "Sommer, E.M., Dry, H., Cross, D., Guichard, S., Davies, B.R. and Alessi, D.R. (2013) Elevated "
    "SGK1 predicts resistance of breast cancer cells to Akt inhibitors. Biochem. J. 452, 499–508 "
    "10.1042/BJ20130342",
    // metapub/metapub:tests/fixtures/pmid_xml/38270460.xml#289 (apa)
    "Khalifeh-Soltani, A., McKleroy, W., Sakuma, S., Cheung, Y.Y., Tharp, K., Qiu, Y.et al. (2014) "
    "Mfge8 promotes obesity by mediating the uptake of dietary fats and serum fatty acids. Nat. "
    "Med. 20, 175–183 10.1038/nm.3450",
    // metapub/metapub:tests/fixtures/pmid_xml/38270460.xml#392 (apa)
    "Jo, H., Mondal, S., Tan, D., Nagata, E., Takizawa, S., Sharma, A.K.et al. (2012) Small "
    "molecule-induced cytosolic activation of protein kinase Akt rescues ischemia-elicited "
    "neuronal death. Proc. Natl Acad. Sci. U.S.A. 109, 10581–10586 10.1073/pnas.1202810109",
    // metapub/metapub:tests/fixtures/pmid_xml/38596266.xml#25 (vancouver)
    "Wan N, Rahman A, Nishiyama A. Esaxerenone, a novel nonsteroidal mineralocorticoid receptor "
    "blocker (MRB) in hypertension and chronic kidney disease. J Hum Hypertens. 2021;35:148–156.",
    // metapub/metapub:tests/fixtures/pmid_xml/38747095.xml#12 (vancouver)
    "Brewer J, Williams C, Patton A. The influence of high carbohydrate diets on endurance running "
    "performance. Eur J Appl Physiol. 1988;57(6):698‐706.",
    // metapub/metapub:tests/fixtures/pmid_xml/38747095.xml#42 (vancouver)
    "Pelly FE, Thurecht R. Evaluation of Athletes' food choices during competition with use of "
    "digital images. Nutrients. 2019;11(7):1627.",
    // metapub/metapub:tests/fixtures/pmid_xml/38763967.xml#11 (vancouver)
    "Seok H, Huh K, Cho SY, et al. Invasive fungal diseases in kidney transplant recipients: risk "
    "factors for mortality. J Clin Med. 2020;9(6):1824.",
    // metapub/metapub:tests/fixtures/pmid_xml/38801034.xml#6 (web)
    "Substance Abuse and Mental Health Services Administration (SAMHSA) . Use of "
    "Medication-Assisted Treatment in Emergency Departments. 2021. Available at: "
    "https://store.samhsa.gov/sites/default/files/pep21-pl-guide-5.pdf. Accessed August 16, 2023.",
    // metapub/metapub:tests/fixtures/pmid_xml/38801034.xml#12 (vancouver)
    "Savage T, Ross M. Barriers and attitudes reported by Canadian emergency physicians regarding "
    "the initiation of buprenorphine/naloxone in the emergency department for patients with opioid "
    "use disorder. CJEM. 2022;24(1):44–9.",
    // metapub/metapub:tests/fixtures/pmid_xml/38856741.xml#19 (conference)
    "Seabold S, Perktold J. Statsmodels: Econometric and statistical modeling with python. In: 9th "
    "Python in Science Conference; 2010.",
    // metapub/metapub:tests/fixtures/pmid_xml/38856741.xml#37 (web)
    "Rowe P, Koller A, Sharma S. Physiology, bone remodeling. In: StatPearls. StatPearls "
    "Publishing; 2022. https://www.ncbi.nlm.nih.gov/books/NBK499863/ Accessed 18 November 2022.",
    // metapub/metapub:tests/fixtures/pmid_xml/38878148.xml#15 (vancouver)
    "Lopez B, Ravassa S, Moreno MU, et al. Diffuse myocardial fibrosis: mechanisms, diagnosis and "
    "therapeutic approaches. Nat Rev Cardiol. 2021;18:479–498. doi: 10.1038/s41569-020-00504-1.",
    // metapub/metapub:tests/fixtures/pmid_xml/38884108.xml#24 (book)
    "See also Levitsky Steven and Way Lucan A., Competitive Authoritarianism: Hybrid Regimes After "
    "the Cold War (New York: Cambridge University Press, 2010) and",
    // metapub/metapub:tests/fixtures/pmid_xml/38958301.xml#95 (vancouver)
    "Vilgrain V, Uzan F, Brancatelli G, et al. Prevalence of hepatic hemangioma in patients with "
    "focal nodular hyperplasia: MR imaging analysis. Radiology 2003;229(1):75–9.",
    // metapub/metapub:tests/fixtures/pmid_xml/38958301.xml#190 (vancouver)
    "Ashraf Y, Mostafa MM. Surgery alone versus surgery combined with chemotherapy: Survival "
    "patterns among patients with fibrolamellar hepatocellular carcinoma. Ann Oncol 2019;30(Suppl "
    "9):ix42–67.",
    // metapub/metapub:tests/fixtures/pmid_xml/38988993.xml#3 (vancouver)
    "Aowphol A, Thirakhupt K, Nabhitabhata J, Voris HK. Foraging ecology of the tokay gecko, Gekko "
    "gecko in a residential area in Thailand. Amphibia-Reptilia. 2006;27:491–503.",
    // metapub/metapub:tests/fixtures/pmid_xml/38988993.xml#25 (vancouver)
    "Kumaraguru A, Saravanamuthu R, Brinda K, Asokan S. Prey preference of large carnivores in "
    "Anamalai Tiger Reserve, India. Eur J Wildl Res. 2011;57:627–637.",
    // metapub/metapub:tests/fixtures/pmid_xml/39077977.xml#5 (vancouver)
    "Bekker P, Dairaghi D, Seitz L et al. Characterization of pharmacologic and pharmacokinetic "
    "properties of CCX168, a potent and selective orally administered complement 5a receptor "
    "inhibitor, based on preclinical evaluation and randomized phase 1 clinical study. PLoS One "
    "2016;11(10):e0164646.",
    // metapub/metapub:tests/fixtures/pmid_xml/39077977.xml#35 (vancouver)
    "Tesar V, Hruskova Z. Complement inhibition in ANCA‐associated vasculitis. Front Immunol "
    "2022;13:888816.",
    // metapub/metapub:tests/fixtures/pmid_xml/39236155.xml#54 (vancouver)
    "Koncina E, Nurmik M, Pozdeev VI, Gilson C, Tsenkova M, Begaj R, Stang S, Gaigneaux A, "
    "Weindorfer C, Rodriguez F, Schmoetten M, et al. IL1R1+ cancer-associated fibroblasts drive "
    "tumor development and immunosuppression in colorectal cancer. Nat Commun. 2023;14:1–17. doi: "
    "10.1038/s41467-023-39953-w.",
    // metapub/metapub:tests/fixtures/pmid_xml/39302109.xml#6 (apa)
    "Fless, G.M., ZumMallen, M.E. and Scanu, A.M. (1986) Physicochemical properties of "
    "apolipoprotein(a) and lipoprotein(a-) derived from the dissociation of human plasma "
    "lipoprotein (a). J. Biol. Chem. 261, 8712–8718 10.1016/S0021-9258(19)84439-3",
    // metapub/metapub:tests/fixtures/pmid_xml/39302109.xml#20 (apa)
    "Sandmark, J., Tigerstrom, A., Akerud, T., Althage, M., Antonsson, T., Blaho, S.et al. (2020) "
    "Identification and analyses of inhibitors targeting apolipoprotein(a) kringle domains KIV-7, "
    "KIV-10, and KV provide insight into kringle domain function. J. Biol. Chem. 295, 5136–5151 "
    "10.1074/jbc.RA119.011251",
    // metapub/metapub:tests/fixtures/pmid_xml/39302109.xml#77 (apa)
    "Youssef, A., Clark, J.R., Marcovina, S.M., Boffa, M.B. and Koschinsky, M.L. (2022) Apo(a) and "
    "apoB interact noncovalently within hepatocytes: implications for regulation of Lp(a) levels "
    "by modulation of apoB secretion. Arterioscler. Thromb. Vasc. Biol. 42, 289–304 "
    "10.1161/ATVBAHA.121.317335",
    // metapub/metapub:tests/fixtures/pmid_xml/39302109.xml#121 (apa)
    "Sangrar, W., Bajzar, L., Nesheim, M.E. and Koschinsky, M.L. (1995) Antifibrinolytic effect of "
    "recombinant apolipoprotein(a) in vitro is primarily due to attenuation of tPA-mediated "
    "Glu-plasminogen activation. Biochemistry 34, 5151–5157 10.1021/bi00015a028",
    // metapub/metapub:tests/fixtures/pmid_xml/39302109.xml#144 (apa)
    "Schnitzler, J.G., Hoogeveen, R.M., Ali, L., Prange, K.H.M., Waissi, F., van Weeghel, M.et al. "
    "(2020) Atherogenic lipoprotein(a) increases vascular glycolysis, thereby facilitating "
    "inflammation and leukocyte extravasation. Circ. Res. 126, 1346–1359 "
    "10.1161/CIRCRESAHA.119.316206",
    // metapub/metapub:tests/fixtures/pmid_xml/39337454.xml#99 (vancouver)
    "Higashihara M. Fasciculation potentials in amyotrophic lateral sclerosis and the diagnostic "
    "yield of the Awaji algorithm. Muscle Nerve. 2012;45:175–182. doi: 10.1002/mus.22299.",
    // metapub/metapub:tests/fixtures/pmid_xml/39626064.xml#26 (vancouver)
    "Ford AC, Tsipotis E, Yuan Y, et al. Efficacy of Helicobacter pylori eradication therapy for "
    "functional dyspepsia: Updated systematic review and meta-analysis. Gut 2022;71(10):1967–75.",
    // metapub/metapub:tests/fixtures/pmid_xml/39626064.xml#124 (vancouver)
    "Gong RJ, Xu CX, Li H, et al. Polymerase chain reaction-based tests for detecting Helicobacter "
    "pylori clarithromycin resistance in stool samples: A meta-analysis. World J Clin Cases "
    "2021;9(1):133–47.",
    // metapub/metapub:tests/test_data/sample_article_20301577.xml#8 (vancouver)
    "Dufendach KA, Timothy K, Ackerman MJ, Blevins B, Pflaumer A, Etheridge S, Perry J, Blom NA, "
    "Temple J, Chowdhury D, Skinner JR, Johnsrude C, Bratincsak A, Bos JM, Shah M. Clinical "
    "outcomes and modes of death in Timothy syndrome: a multicenter international study of a rare "
    "disorder. JACC Clin Electrophysiol. 2018;4:459-66.",
};

}  // namespace bench
